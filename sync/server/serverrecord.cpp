#include "serverrecord.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

#include "authservice.h"
#include "serverstore.h"

namespace outpost {

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

Result<std::optional<ServerRecord>> ServerRecord::find(QSqlDatabase &db, const QString &id)
{
    auto q = ServerStore::exec(
        db,
        QStringLiteral("SELECT r.org_id, r.team_id, r.form_id, r.form_version, r.owner_id, "
                       "r.state, r.deleted, r.field_values, r.field_versions, r.version, "
                       "r.review_comment, r.in_conflict, r.created_at, r.updated_at, u.username "
                       "FROM records r JOIN users u ON u.id = r.owner_id WHERE r.id = ?"),
        {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<ServerRecord>();
    ServerRecord r;
    r.id = id;
    r.orgId = q->value(0).toLongLong();
    r.teamId = q->value(1).toLongLong();
    r.formId = q->value(2).toString();
    r.formVersion = q->value(3).toInt();
    r.ownerId = q->value(4).toLongLong();
    r.state = q->value(5).toString();
    r.deleted = q->value(6).toInt() != 0;
    r.values = parseObject(q->value(7).toString());
    r.fieldVersions = parseObject(q->value(8).toString());
    r.version = q->value(9).toLongLong();
    r.reviewComment = q->value(10).toString();
    r.inConflict = q->value(11).toInt() != 0;
    r.createdAt = q->value(12).toString();
    r.updatedAt = q->value(13).toString();
    r.ownerName = q->value(14).toString();
    return std::optional<ServerRecord>(r);
}

Status ServerRecord::insert(QSqlDatabase &db) const
{
    auto q = ServerStore::exec(
        db,
        QStringLiteral("INSERT INTO records (id, org_id, team_id, form_id, form_version, "
                       "owner_id, state, deleted, field_values, field_versions, version, "
                       "review_comment, in_conflict, created_at, updated_at, server_updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {id, orgId, teamId, formId, formVersion, ownerId, state, deleted ? 1 : 0, compact(values),
         compact(fieldVersions), version,
         reviewComment.isNull() ? QStringLiteral("") : reviewComment, inConflict ? 1 : 0, createdAt,
         updatedAt, nowIso()});
    if (!q)
        return q.error();
    return {};
}

Status ServerRecord::update(QSqlDatabase &db) const
{
    auto q = ServerStore::exec(
        db,
        QStringLiteral("UPDATE records SET form_version = ?, state = ?, deleted = ?, "
                       "field_values = ?, field_versions = ?, version = ?, review_comment = ?, "
                       "in_conflict = ?, updated_at = ?, server_updated_at = ? WHERE id = ?"),
        {formVersion, state, deleted ? 1 : 0, compact(values), compact(fieldVersions), version,
         reviewComment.isNull() ? QStringLiteral("") : reviewComment, inConflict ? 1 : 0, updatedAt,
         nowIso(), id});
    if (!q)
        return q.error();
    return {};
}

RecordChange ServerRecord::toChange() const
{
    RecordChange change;
    change.record.id = QUuid::fromString(id);
    change.record.formId = formId;
    change.record.formVersion = formVersion;
    change.record.values = deleted ? QJsonObject() : values; // a tombstone carries no values
    change.record.state = recordStateFromName(state).valueOr(RecordState::Draft);
    change.record.serverVersion = version;
    change.record.deleted = deleted;
    change.record.reviewComment = reviewComment;
    change.record.createdAt = QDateTime::fromString(createdAt, Qt::ISODateWithMs);
    change.record.updatedAt = QDateTime::fromString(updatedAt, Qt::ISODateWithMs);
    change.owner = ownerName;
    change.inConflict = inConflict;
    return change;
}

} // namespace outpost
