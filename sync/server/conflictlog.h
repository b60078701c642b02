// Writes the conflict log and the audit log inside a write transaction, and finds the base
// value of fields (their value at a given version) from the audit log.
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>

#include "caller.h"
#include "result.h"

namespace outpost {

struct ServerRecord;

struct ConflictEntry
{
    QString kind;   // "fields", "update_after_delete", "delete_after_update"
    QString status; // "open" or "auto_resolved"
    QString policy;
    QJsonObject fields; // field -> {"base", "device", "server"}
    QString opId;
    qint64 version = 0;
};

class ConflictLog
{
public:
    static Result<qint64> add(QSqlDatabase &db, const Caller &caller, const ServerRecord &record,
                              const ConflictEntry &entry);
    // changes: field -> {"before": v, "after": v}
    static Status audit(QSqlDatabase &db, const Caller &caller, const ServerRecord &record,
                        const QString &opId, const QString &action, const QJsonObject &changes);
    // The values the fields had at version base (JSON null when unset then).
    static Result<QJsonObject> baseValues(QSqlDatabase &db, const QString &recordId, qint64 base,
                                          const QStringList &fields);
};

} // namespace outpost
