// Writes the conflict log and the audit log inside a write transaction, and finds the base
// value of fields (their value at a given version) from the audit log.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>

#include "caller.h"
#include "result.h"
#include "rowbuffer.h"

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
    // The same rows collected for one multi-row write (a push batch); now: server time.
    static RowBuffer auditBuffer();
    static void addAudit(RowBuffer &buffer, const Caller &caller, const ServerRecord &record,
                         const QString &opId, const QString &action, const QJsonObject &changes,
                         const QString &now);
    // The same with changes already written as compact JSON text.
    static void addAudit(RowBuffer &buffer, const Caller &caller, const ServerRecord &record,
                         const QString &opId, const QString &action, const QString &changesJson,
                         const QString &now);
    // Who made each audited change of a record in versions (after, upTo]: version -> device
    // id (empty when no device made it, e.g. the admin command line).
    static Result<QHash<qint64, QString>> writers(QSqlDatabase &db, const QString &recordId,
                                                  qint64 after, qint64 upTo);
    // The values the fields had at version base (JSON null when unset then).
    static Result<QJsonObject> baseValues(QSqlDatabase &db, const QString &recordId, qint64 base,
                                          const QStringList &fields);
};

} // namespace outpost
