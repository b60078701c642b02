// POST /api/v1/push answer: {"results": [OpResult, ...]}, one per op, in batch order.
#pragma once

#include <QJsonObject>

#include <vector>

#include "opresult.h"

namespace outpost {

struct PushResponse
{
    std::vector<OpResult> results;
    bool replayed = false; // true when the whole batch was answered from the Idempotency-Key

    QJsonObject toJson() const;
    static Result<PushResponse> fromJson(const QJsonObject &json);
};

} // namespace outpost
