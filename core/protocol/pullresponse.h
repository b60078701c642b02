// GET /api/v1/pull answer: one page of changes since a cursor, in version order.
#pragma once

#include <QJsonObject>

#include <vector>

#include "conflictinfo.h"
#include "forminfo.h"
#include "recordchange.h"

namespace outpost {

struct PullResponse
{
    std::vector<RecordChange> records; // tombstones included (record.deleted)
    std::vector<FormInfo> forms;
    std::vector<ConflictInfo> conflicts; // supervisors only
    QString cursor;                      // opaque: send it back as ?cursor= for the next page
    bool hasMore = false;                // another page is ready now

    QJsonObject toJson() const;
    static Result<PullResponse> fromJson(const QJsonObject &json);
};

} // namespace outpost
