// The server's answer for one pushed operation.
#pragma once

#include <QJsonObject>
#include <QString>

#include "result.h"

namespace outpost {

enum class OpStatus
{
    Applied,  // every field applied; nobody else changed the record since the op's base
    Merged,   // every field applied, merged with others' changes made since the base
    Conflict, // overlapping fields kept the server value; conflictId names the conflict
    Rejected  // nothing applied; errorCode / message say why (permanent)
};

QString opStatusName(OpStatus status); // "applied", "merged", "conflict", "rejected"
Result<OpStatus> opStatusFromName(const QString &name);

struct OpResult
{
    QString opId;  // as sent (empty when the op had no readable op_id)
    int index = 0; // position of the op in its batch
    OpStatus status = OpStatus::Applied;
    qint64 version = 0;    // the record's version after the op (0 when nothing was written)
    qint64 conflictId = 0; // Conflict, or Merged when last-write-wins overwrote a value
    QString errorCode;     // Rejected only
    QString message;       // Rejected only

    bool operator==(const OpResult &) const = default;

    static OpResult rejected(const QString &opId, int index, const Error &error)
    {
        OpResult result;
        result.opId = opId;
        result.index = index;
        result.status = OpStatus::Rejected;
        result.errorCode = error.code;
        result.message = error.message;
        return result;
    }

    QJsonObject toJson() const;
    static Result<OpResult> fromJson(const QJsonObject &json);
};

} // namespace outpost
