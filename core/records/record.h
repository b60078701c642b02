// A filled (or half-filled) survey form. Value type, shared by device and server.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include "result.h"

namespace outpost {

// Lifecycle of a record. Draft -> Finalized happens on the device; Accepted / Rejected come
// from a supervisor through the server. Whether the record has reached the server, or is in
// conflict, is a sync status kept by the store, not a state of the record.
enum class RecordState { Draft, Finalized, Accepted, Rejected };

QString recordStateName(RecordState state); // "draft", "finalized", "accepted", "rejected"
Result<RecordState> recordStateFromName(const QString &name);

struct Record
{
    QUuid id; // made on the device that created the record
    QString formId;
    int formVersion = 0; // the form version this record was filled against
    // Field name -> typed value, in the JSON shapes described in docs/forms.md. A repeat
    // group's value is an array of objects, one per repetition.
    QJsonObject values;
    RecordState state = RecordState::Draft;
    qint64 serverVersion = 0; // last version the server issued for it; 0 = never synced
    QDateTime createdAt;      // device clock: information only, never used for ordering
    QDateTime updatedAt;      // device clock: information only
    bool deleted = false;     // soft delete (tombstone)
    QString reviewComment;    // the supervisor's comment when accepted / rejected

    bool operator==(const Record &) const = default;
};

} // namespace outpost
