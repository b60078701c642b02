// One record as the server sends it in a pull page: its latest state (a tombstone when
// deleted), the version that state got, and whether a conflict is open on it.
#pragma once

#include <QJsonObject>

#include "record.h"
#include "result.h"

namespace outpost {

struct RecordChange
{
    Record record;           // record.serverVersion is the version of this change
    QString owner;           // user name of the record's creator
    bool inConflict = false; // a manual-policy conflict waits for a supervisor

    bool operator==(const RecordChange &) const = default;

    QJsonObject toJson() const;
    static Result<RecordChange> fromJson(const QJsonObject &json);
};

} // namespace outpost
