#include "recordchange.h"

#include "jsonreader.h"

namespace outpost {

QJsonObject RecordChange::toJson() const
{
    QJsonObject json{
        {QStringLiteral("id"), record.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("form_id"), record.formId},
        {QStringLiteral("form_version"), record.formVersion},
        {QStringLiteral("values"), record.values},
        {QStringLiteral("state"), recordStateName(record.state)},
        {QStringLiteral("version"), static_cast<double>(record.serverVersion)},
        {QStringLiteral("deleted"), record.deleted},
        {QStringLiteral("owner"), owner},
        {QStringLiteral("in_conflict"), inConflict},
    };
    if (record.createdAt.isValid())
        json.insert(QStringLiteral("created_at"),
                    record.createdAt.toUTC().toString(Qt::ISODateWithMs));
    if (record.updatedAt.isValid())
        json.insert(QStringLiteral("updated_at"),
                    record.updatedAt.toUTC().toString(Qt::ISODateWithMs));
    if (!record.reviewComment.isEmpty())
        json.insert(QStringLiteral("review_comment"), record.reviewComment);
    return json;
}

Result<RecordChange> RecordChange::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    RecordChange change;
    auto id = reader.uuid(QStringLiteral("id"));
    if (!id)
        return id.error();
    change.record.id = *id;
    auto formId = reader.string(QStringLiteral("form_id"));
    if (!formId)
        return formId.error();
    change.record.formId = *formId;
    auto formVersion = reader.integer(QStringLiteral("form_version"), 0, 2147483647);
    if (!formVersion)
        return formVersion.error();
    change.record.formVersion = static_cast<int>(*formVersion);
    auto values = reader.object(QStringLiteral("values"));
    if (!values)
        return values.error();
    change.record.values = *values;
    auto stateName = reader.string(QStringLiteral("state"));
    if (!stateName)
        return stateName.error();
    auto state = recordStateFromName(*stateName);
    if (!state)
        return state.error();
    change.record.state = *state;
    auto version = reader.integer(QStringLiteral("version"), 1, 9007199254740992LL);
    if (!version)
        return version.error();
    change.record.serverVersion = *version;
    auto deleted = reader.optionalBool(QStringLiteral("deleted"), false);
    if (!deleted)
        return deleted.error();
    change.record.deleted = *deleted;
    auto owner = reader.optionalString(QStringLiteral("owner"));
    if (!owner)
        return owner.error();
    change.owner = *owner;
    auto inConflict = reader.optionalBool(QStringLiteral("in_conflict"), false);
    if (!inConflict)
        return inConflict.error();
    change.inConflict = *inConflict;
    auto comment = reader.optionalString(QStringLiteral("review_comment"));
    if (!comment)
        return comment.error();
    change.record.reviewComment = *comment;
    auto created = reader.optionalString(QStringLiteral("created_at"));
    if (!created)
        return created.error();
    if (!created->isEmpty())
        change.record.createdAt = QDateTime::fromString(*created, Qt::ISODateWithMs);
    auto updated = reader.optionalString(QStringLiteral("updated_at"));
    if (!updated)
        return updated.error();
    if (!updated->isEmpty())
        change.record.updatedAt = QDateTime::fromString(*updated, Qt::ISODateWithMs);
    return change;
}

} // namespace outpost
