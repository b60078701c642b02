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

namespace {

// The columns find() and findMany() read, after the ones they name first.
const char kColumns[] = "r.org_id, r.team_id, r.form_id, r.form_version, r.owner_id, r.state, "
                        "r.deleted, r.field_values, r.field_versions, r.version, "
                        "r.review_comment, r.in_conflict, r.created_at, r.updated_at";

// Reads kColumns starting at column `from`.
ServerRecord readRecord(const SqlRows &q, int from)
{
    ServerRecord r;
    r.orgId = q.value(from).toLongLong();
    r.teamId = q.value(from + 1).toLongLong();
    r.formId = q.value(from + 2).toString();
    r.formVersion = q.value(from + 3).toInt();
    r.ownerId = q.value(from + 4).toLongLong();
    r.state = q.value(from + 5).toString();
    r.deleted = q.value(from + 6).toInt() != 0;
    r.values = parseObject(q.value(from + 7).toString());
    r.fieldVersions = parseObject(q.value(from + 8).toString());
    r.version = q.value(from + 9).toLongLong();
    r.reviewComment = q.value(from + 10).toString();
    r.inConflict = q.value(from + 11).toInt() != 0;
    r.createdAt = q.value(from + 12).toString();
    r.updatedAt = q.value(from + 13).toString();
    return r;
}

} // namespace

Result<std::optional<ServerRecord>> ServerRecord::find(QSqlDatabase &db, const QString &id)
{
    auto q = ServerStore::exec(db,
                               QStringLiteral("SELECT u.username, %1 FROM records r JOIN users u "
                                              "ON u.id = r.owner_id WHERE r.id = ?")
                                   .arg(QLatin1String(kColumns)),
                               {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<ServerRecord>();
    ServerRecord r = readRecord(*q, 1);
    r.id = id;
    r.ownerName = q->value(0).toString();
    return std::optional<ServerRecord>(r);
}

Result<QHash<QString, ServerRecord>> ServerRecord::findMany(QSqlDatabase &db,
                                                            const QStringList &ids)
{
    QHash<QString, ServerRecord> found;
    found.reserve(ids.size());
    auto s = ServerStore::selectIn(
        db,
        QStringLiteral("SELECT r.id, %1 FROM (%2) AS k CROSS JOIN records r WHERE r.id = "
                       "k.value")
            .arg(QLatin1String(kColumns), QStringLiteral("%1")),
        ids, [&found](const SqlRows &q) {
            ServerRecord r = readRecord(q, 1);
            r.id = q.value(0).toString();
            found.insert(r.id, std::move(r));
        });
    if (!s)
        return s.error();
    return found;
}

RowBuffer ServerRecord::upsertBuffer()
{
    return RowBuffer(
        QStringLiteral("INSERT INTO records (id, org_id, team_id, form_id, form_version, "
                       "owner_id, state, deleted, field_values, field_versions, version, "
                       "review_comment, in_conflict, created_at, updated_at, server_updated_at)"),
        16,
        QStringLiteral("ON CONFLICT (id) DO UPDATE SET form_version = excluded.form_version, "
                       "state = excluded.state, deleted = excluded.deleted, field_values = "
                       "excluded.field_values, field_versions = excluded.field_versions, version "
                       "= excluded.version, review_comment = excluded.review_comment, "
                       "in_conflict = excluded.in_conflict, updated_at = excluded.updated_at, "
                       "server_updated_at = excluded.server_updated_at"));
}

void ServerRecord::addTo(RowBuffer &buffer, const QString &now, const QString &valuesJson,
                         const QString &fieldVersionsJson) const
{
    buffer.add({id, orgId, teamId, formId, formVersion, ownerId, state, deleted ? 1 : 0,
                valuesJson.isEmpty() ? compact(values) : valuesJson,
                fieldVersionsJson.isEmpty() ? compact(fieldVersions) : fieldVersionsJson, version,
                reviewComment.isNull() ? QStringLiteral("") : reviewComment, inConflict ? 1 : 0,
                createdAt, updatedAt, now});
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
