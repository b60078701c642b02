#include "attachmentstore.h"

#include <QDir>
#include <QJsonArray>
#include <QUuid>

#include "authservice.h"
#include "formcatalog.h"
#include "serverrecord.h"
#include "serverstore.h"

namespace outpost {

namespace {

bool isAttachment(const QJsonObject &object)
{
    return object.value(QStringLiteral("id")).isString() &&
           object.value(QStringLiteral("sha256")).isString() &&
           object.value(QStringLiteral("size")).isDouble() &&
           object.value(QStringLiteral("type")).isString();
}

void collect(const QJsonValue &value, QList<QJsonObject> *out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (isAttachment(object)) {
            out->append(object);
            return;
        }
        for (auto it = object.begin(); it != object.end(); ++it)
            collect(it.value(), out);
    } else if (value.isArray()) {
        for (const auto &item : value.toArray())
            collect(item, out);
    }
}

} // namespace

Status AttachmentStore::declare(QSqlDatabase &db, const ServerRecord &record)
{
    QList<QJsonObject> found;
    collect(record.values, &found);
    for (const QJsonObject &a : found) {
        const QUuid id = QUuid::fromString(a.value(QStringLiteral("id")).toString());
        if (id.isNull())
            continue;
        auto q = ServerStore::exec(
            db,
            QStringLiteral("INSERT INTO attachments (id, org_id, team_id, record_id, sha256, size, "
                           "type, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
                           "CONFLICT (id) DO NOTHING"),
            {id.toString(QUuid::WithoutBraces), record.orgId, record.teamId, record.id,
             a.value(QStringLiteral("sha256")).toString().toLower(),
             static_cast<qint64>(a.value(QStringLiteral("size")).toDouble()),
             a.value(QStringLiteral("type")).toString(),
             a.value(QStringLiteral("name")).toString(QStringLiteral("")), nowIso()});
        if (!q)
            return q.error();
    }
    return {};
}

Result<AttachmentRow> AttachmentStore::find(ServerStore *store, const Caller &caller,
                                            const QString &idText)
{
    const Error notFound = Error::permanentError(
        QStringLiteral("not_found"), QStringLiteral("no attachment %1").arg(idText.left(64)));
    const QUuid id = QUuid::fromString(idText);
    if (id.isNull())
        return notFound;
    auto q = store->exec(
        QStringLiteral("SELECT a.org_id, a.team_id, a.record_id, a.sha256, "
                       "a.size, a.type, a.name, a.upload_offset, a.complete, "
                       "a.upload_expires_at, r.owner_id, r.form_id FROM attachments a JOIN "
                       "records r ON r.id = a.record_id WHERE a.id = ?"),
        {id.toString(QUuid::WithoutBraces)});
    if (!q)
        return q.error();
    if (!q->next())
        return notFound;
    AttachmentRow row;
    row.id = id.toString(QUuid::WithoutBraces);
    row.orgId = q->value(0).toLongLong();
    row.teamId = q->value(1).toLongLong();
    row.recordId = q->value(2).toString();
    row.sha256 = q->value(3).toString();
    row.size = q->value(4).toLongLong();
    row.type = q->value(5).toString();
    row.name = q->value(6).toString();
    row.offset = q->value(7).toLongLong();
    row.complete = q->value(8).toInt() != 0;
    row.expiresAtMs = q->value(9).toLongLong();
    const qint64 owner = q->value(10).toLongLong();
    const QString formId = q->value(11).toString();
    q->finish();
    // The same visibility as the record: its owner, the team's supervisors, and the team's
    // collectors when the form's visibility is "team".
    if (row.orgId != caller.orgId || !caller.inTeam(row.teamId))
        return notFound;
    if (owner == caller.userId || caller.supervises(row.teamId))
        return row;
    auto db = store->database();
    if (!db)
        return db.error();
    auto access = FormCatalog::access(*db, caller, formId);
    if (!access)
        return access.error();
    if (access->has_value() && (*access)->visibility == QStringLiteral("team"))
        return row;
    return notFound;
}

Status AttachmentStore::setExpiry(ServerStore *store, const QString &id, qint64 expiresAtMs)
{
    auto q =
        store->exec(QStringLiteral("UPDATE attachments SET upload_expires_at = ? WHERE id = ?"),
                    {expiresAtMs, id});
    if (!q)
        return q.error();
    return {};
}

Result<bool> AttachmentStore::advance(ServerStore *store, const QString &id, qint64 from, qint64 to,
                                      qint64 expiresAtMs)
{
    auto q = store->exec(QStringLiteral("UPDATE attachments SET upload_offset = ? WHERE id = ? AND "
                                        "upload_offset = ? AND complete = 0 AND "
                                        "upload_expires_at = ?"),
                         {to, id, from, expiresAtMs});
    if (!q)
        return q.error();
    return q->rowsAffected() == 1;
}

Result<AttachmentRow> AttachmentStore::position(ServerStore *store, const QString &id)
{
    auto q = store->exec(QStringLiteral("SELECT upload_offset, complete, upload_expires_at FROM "
                                        "attachments WHERE id = ?"),
                         {id});
    if (!q)
        return q.error();
    if (!q->next())
        return Error::permanentError(QStringLiteral("not_found"),
                                     QStringLiteral("no attachment %1").arg(id.left(64)));
    AttachmentRow row;
    row.id = id;
    row.offset = q->value(0).toLongLong();
    row.complete = q->value(1).toInt() != 0;
    row.expiresAtMs = q->value(2).toLongLong();
    q->finish();
    return row;
}

Status AttachmentStore::markComplete(ServerStore *store, const QString &id)
{
    auto q = store->exec(QStringLiteral("UPDATE attachments SET complete = 1 WHERE id = ?"), {id});
    if (!q)
        return q.error();
    return {};
}

Status AttachmentStore::reset(ServerStore *store, const QString &id)
{
    auto q = store->exec(QStringLiteral("UPDATE attachments SET upload_offset = 0, "
                                        "upload_expires_at = 0 WHERE id = ? AND complete = 0"),
                         {id});
    if (!q)
        return q.error();
    return {};
}

Result<QStringList> AttachmentStore::expiredUploads(ServerStore *store, qint64 nowMs)
{
    auto q = store->exec(QStringLiteral("SELECT id FROM attachments WHERE upload_expires_at > 0 "
                                        "AND upload_expires_at < ? AND complete = 0"),
                         {nowMs});
    if (!q)
        return q.error();
    QStringList ids;
    while (q->next())
        ids.append(q->value(0).toString());
    return ids;
}

Result<bool> AttachmentStore::resetIfExpired(ServerStore *store, const QString &id, qint64 nowMs)
{
    auto q = store->exec(QStringLiteral("UPDATE attachments SET upload_offset = 0, "
                                        "upload_expires_at = 0 WHERE id = ? AND complete = 0 AND "
                                        "upload_expires_at > 0 AND upload_expires_at < ?"),
                         {id, nowMs});
    if (!q)
        return q.error();
    return q->rowsAffected() == 1;
}

QString AttachmentStore::partPath(const QString &dataDir, const QString &id)
{
    return QDir(dataDir).filePath(QStringLiteral("uploads/%1.part").arg(id));
}

QString AttachmentStore::completePath(const QString &dataDir, const QString &id)
{
    return QDir(dataDir).filePath(QStringLiteral("attachments/%1").arg(id));
}

} // namespace outpost
