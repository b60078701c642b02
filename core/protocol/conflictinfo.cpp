#include "conflictinfo.h"

#include "jsonreader.h"

namespace outpost {

QJsonObject ConflictInfo::toJson() const
{
    return {{QStringLiteral("id"), static_cast<double>(id)},
            {QStringLiteral("record_id"), recordId.toString(QUuid::WithoutBraces)},
            {QStringLiteral("form_id"), formId},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("status"), status},
            {QStringLiteral("policy"), policy},
            {QStringLiteral("fields"), fields},
            {QStringLiteral("op_id"), opId.toString(QUuid::WithoutBraces)},
            {QStringLiteral("user"), user},
            {QStringLiteral("version"), static_cast<double>(version)},
            {QStringLiteral("created_at"), createdAt.toUTC().toString(Qt::ISODateWithMs)}};
}

Result<ConflictInfo> ConflictInfo::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    ConflictInfo conflict;
    auto id = reader.integer(QStringLiteral("id"), 1, 9007199254740992LL);
    if (!id)
        return id.error();
    conflict.id = *id;
    auto recordId = reader.uuid(QStringLiteral("record_id"));
    if (!recordId)
        return recordId.error();
    conflict.recordId = *recordId;
    for (auto [key, target] : {std::pair{QStringLiteral("form_id"), &conflict.formId},
                               std::pair{QStringLiteral("kind"), &conflict.kind},
                               std::pair{QStringLiteral("status"), &conflict.status},
                               std::pair{QStringLiteral("policy"), &conflict.policy},
                               std::pair{QStringLiteral("user"), &conflict.user}}) {
        auto value = reader.string(key);
        if (!value)
            return value.error();
        *target = *value;
    }
    auto fields = reader.object(QStringLiteral("fields"));
    if (!fields)
        return fields.error();
    conflict.fields = *fields;
    auto opId = reader.uuid(QStringLiteral("op_id"));
    if (!opId)
        return opId.error();
    conflict.opId = *opId;
    auto version = reader.integer(QStringLiteral("version"), 0, 9007199254740992LL);
    if (!version)
        return version.error();
    conflict.version = *version;
    auto created = reader.string(QStringLiteral("created_at"));
    if (!created)
        return created.error();
    conflict.createdAt = QDateTime::fromString(*created, Qt::ISODateWithMs);
    return conflict;
}

} // namespace outpost
