#include "auditlog.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "serverstore.h"

namespace outpost {

Result<QJsonArray> AuditLog::query(ServerStore *store, qint64 orgId, const QString &recordId,
                                   qint64 afterId, int limit)
{
    QString sql = QStringLiteral("SELECT a.id, a.version, a.record_id, a.op_id, a.action, "
                                 "u.username, a.device_id, a.at, a.changes FROM audit_log a JOIN "
                                 "users u ON u.id = a.user_id WHERE a.org_id = ? AND a.id > ?");
    QVariantList binds{orgId, afterId};
    if (!recordId.isEmpty()) {
        sql += QStringLiteral(" AND a.record_id = ?");
        binds.append(recordId);
    }
    sql += QStringLiteral(" ORDER BY a.id LIMIT ?");
    binds.append(limit);
    auto q = store->exec(sql, binds);
    if (!q)
        return q.error();
    QJsonArray out;
    while (q->next()) {
        out.append(
            QJsonObject{{QStringLiteral("id"), q->value(0).toLongLong()},
                        {QStringLiteral("version"), q->value(1).toLongLong()},
                        {QStringLiteral("record_id"), q->value(2).toString()},
                        {QStringLiteral("op_id"), q->value(3).toString()},
                        {QStringLiteral("action"), q->value(4).toString()},
                        {QStringLiteral("user"), q->value(5).toString()},
                        {QStringLiteral("device_id"), q->value(6).toString()},
                        {QStringLiteral("at"), q->value(7).toString()},
                        {QStringLiteral("changes"),
                         QJsonDocument::fromJson(q->value(8).toString().toUtf8()).object()}});
    }
    return out;
}

} // namespace outpost
