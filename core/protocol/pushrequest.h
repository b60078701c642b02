// POST /api/v1/push body: {"ops": [Operation, ...]}.
#pragma once

#include <QJsonObject>

#include <optional>
#include <vector>

#include "operation.h"
#include "result.h"

namespace outpost {

// One element of a batch. An op that cannot be decoded keeps its error so that the server
// rejects it alone and still applies the ops behind it.
struct PushItem
{
    Operation op;
    std::optional<Error> error; // set when the element is not a valid operation
    QString rawOpId;            // the op_id text as sent, when there was one
};

struct PushRequest
{
    std::vector<PushItem> items;

    QJsonObject toJson() const; // every item must be valid
    // Errors (code "invalid_request") only for the envelope: not an object, no "ops" array,
    // unknown members. A bad element becomes an item with an error.
    static Result<PushRequest> fromJson(const QJsonObject &json);
    static PushRequest fromOperations(const std::vector<Operation> &ops);
};

} // namespace outpost
