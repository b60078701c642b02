#include "conflictlog.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include "authservice.h"
#include "serverrecord.h"
#include "serverstore.h"

namespace outpost {

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

Result<qint64> ConflictLog::add(QSqlDatabase &db, const Caller &caller, const ServerRecord &record,
                                const ConflictEntry &entry)
{
    auto q = ServerStore::exec(
        db,
        QStringLiteral("INSERT INTO conflicts (org_id, team_id, record_id, form_id, kind, status, "
                       "policy, fields, op_id, user_id, device_id, version, created_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {record.orgId, record.teamId, record.id, record.formId, entry.kind, entry.status,
         entry.policy, compact(entry.fields), entry.opId, caller.userId,
         caller.deviceId.toString(QUuid::WithoutBraces), entry.version, nowIso()});
    if (!q)
        return q.error();
    if (!q->next())
        return databaseError(QStringLiteral("logging a conflict"), QStringLiteral("no id"));
    return q->value(0).toLongLong();
}

Status ConflictLog::audit(QSqlDatabase &db, const Caller &caller, const ServerRecord &record,
                          const QString &opId, const QString &action, const QJsonObject &changes)
{
    RowBuffer row = auditBuffer();
    addAudit(row, caller, record, opId, action, changes, nowIso());
    return row.flush(db);
}

RowBuffer ConflictLog::auditBuffer()
{
    return RowBuffer(QStringLiteral("INSERT INTO audit_log (org_id, team_id, version, record_id, "
                                    "op_id, action, user_id, device_id, at, changes)"),
                     10);
}

void ConflictLog::addAudit(RowBuffer &buffer, const Caller &caller, const ServerRecord &record,
                           const QString &opId, const QString &action, const QJsonObject &changes,
                           const QString &now)
{
    addAudit(buffer, caller, record, opId, action, compact(changes), now);
}

void ConflictLog::addAudit(RowBuffer &buffer, const Caller &caller, const ServerRecord &record,
                           const QString &opId, const QString &action, const QString &changesJson,
                           const QString &now)
{
    buffer.add({record.orgId, record.teamId, record.version, record.id,
                opId.isEmpty() ? nullText() : QVariant(opId), action, caller.userId,
                caller.deviceId.isNull() ? nullText()
                                         : QVariant(caller.deviceId.toString(QUuid::WithoutBraces)),
                now, changesJson});
}

Result<QHash<qint64, QString>> ConflictLog::writers(QSqlDatabase &db, const QString &recordId,
                                                    qint64 after, qint64 upTo)
{
    auto q = ServerStore::exec(db,
                               QStringLiteral("SELECT version, device_id FROM audit_log WHERE "
                                              "record_id = ? AND version > ? AND version <= ?"),
                               {recordId, after, upTo});
    if (!q)
        return q.error();
    QHash<qint64, QString> out;
    while (q->next())
        out.insert(q->value(0).toLongLong(), q->value(1).toString());
    return out;
}

Result<QJsonObject> ConflictLog::baseValues(QSqlDatabase &db, const QString &recordId, qint64 base,
                                            const QStringList &fields)
{
    QJsonObject out;
    for (const auto &field : fields)
        out.insert(field, QJsonValue::Null);
    QStringList missing = fields;
    auto q = ServerStore::exec(db,
                               QStringLiteral("SELECT changes FROM audit_log WHERE record_id = ? "
                                              "AND version <= ? ORDER BY version DESC"),
                               {recordId, base});
    if (!q)
        return q.error();
    while (!missing.isEmpty() && q->next()) {
        const QJsonObject changes =
            QJsonDocument::fromJson(q->value(0).toString().toUtf8()).object();
        for (qsizetype i = missing.size() - 1; i >= 0; --i) {
            if (changes.contains(missing[i])) {
                out.insert(missing[i],
                           changes.value(missing[i]).toObject().value(QStringLiteral("after")));
                missing.removeAt(i);
            }
        }
    }
    return out;
}

} // namespace outpost
