#include "operation.h"

#include <QJsonValue>

namespace outpost {

namespace {

Error badOperation(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_operation"), message);
}

// Reads a required member of the given JSON type; names it in the error.
Result<QJsonValue> member(const QJsonObject &json, const QString &key, QJsonValue::Type type)
{
    const auto it = json.constFind(key);
    if (it == json.constEnd())
        return badOperation(QStringLiteral("missing member \"%1\"").arg(key));
    if (it->type() != type)
        return badOperation(QStringLiteral("member \"%1\" has the wrong type").arg(key));
    return QJsonValue(*it);
}

Result<QUuid> uuidMember(const QJsonObject &json, const QString &key)
{
    auto value = member(json, key, QJsonValue::String);
    if (!value)
        return value.error();
    const QUuid uuid = QUuid::fromString(value->toString());
    if (uuid.isNull())
        return badOperation(QStringLiteral("member \"%1\" is not a UUID").arg(key));
    return uuid;
}

// JSON numbers are doubles: accept only integral values that a double holds exactly.
Result<qint64> integerMember(const QJsonObject &json, const QString &key, qint64 min, qint64 max)
{
    auto value = member(json, key, QJsonValue::Double);
    if (!value)
        return value.error();
    const double d = value->toDouble();
    constexpr double kExact = 9007199254740992.0; // 2^53
    // Range first: converting a double outside qint64 is undefined behaviour (found by
    // fuzz_protocol; fuzz/corpus/fuzz_protocol/regress-operation-huge-integer.json).
    if (d < -kExact || d > kExact || d != static_cast<double>(static_cast<qint64>(d)) ||
        d < static_cast<double>(min) || d > static_cast<double>(max))
        return badOperation(QStringLiteral("member \"%1\" is out of range").arg(key));
    return static_cast<qint64>(d);
}

} // namespace

QString operationKindName(OperationKind kind)
{
    switch (kind) {
    case OperationKind::Create:
        return QStringLiteral("create");
    case OperationKind::Update:
        return QStringLiteral("update");
    case OperationKind::Delete:
        return QStringLiteral("delete");
    }
    return QStringLiteral("create");
}

Result<OperationKind> operationKindFromName(const QString &name)
{
    for (auto kind : {OperationKind::Create, OperationKind::Update, OperationKind::Delete}) {
        if (operationKindName(kind) == name)
            return kind;
    }
    return badOperation(QStringLiteral("unknown operation kind \"%1\"").arg(name));
}

QJsonObject Operation::toJson() const
{
    QJsonObject json{
        {QStringLiteral("op_id"), opId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("entity"), entity},
        {QStringLiteral("entity_id"), entityId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("kind"), operationKindName(kind)},
        {QStringLiteral("base_version"), static_cast<double>(baseVersion)},
        {QStringLiteral("form_id"), formId},
        {QStringLiteral("form_version"), formVersion},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("device_time"), deviceTime.toUTC().toString(Qt::ISODateWithMs)},
    };
    if (!state.isEmpty())
        json.insert(QStringLiteral("state"), state);
    return json;
}

Result<Operation> Operation::fromJson(const QJsonObject &json)
{
    Operation op;
    auto opId = uuidMember(json, QStringLiteral("op_id"));
    if (!opId)
        return opId.error();
    op.opId = *opId;
    auto entity = member(json, QStringLiteral("entity"), QJsonValue::String);
    if (!entity)
        return entity.error();
    op.entity = entity->toString();
    if (op.entity != QStringLiteral("record"))
        return badOperation(QStringLiteral("unknown entity \"%1\"").arg(op.entity));
    auto entityId = uuidMember(json, QStringLiteral("entity_id"));
    if (!entityId)
        return entityId.error();
    op.entityId = *entityId;
    auto kindName = member(json, QStringLiteral("kind"), QJsonValue::String);
    if (!kindName)
        return kindName.error();
    auto kind = operationKindFromName(kindName->toString());
    if (!kind)
        return kind.error();
    op.kind = *kind;
    auto base = integerMember(json, QStringLiteral("base_version"), 0, 9007199254740992LL);
    if (!base)
        return base.error();
    op.baseVersion = *base;
    auto formId = member(json, QStringLiteral("form_id"), QJsonValue::String);
    if (!formId)
        return formId.error();
    op.formId = formId->toString();
    auto formVersion = integerMember(json, QStringLiteral("form_version"), 0, 2147483647);
    if (!formVersion)
        return formVersion.error();
    op.formVersion = static_cast<int>(*formVersion);
    auto fields = member(json, QStringLiteral("fields"), QJsonValue::Object);
    if (!fields)
        return fields.error();
    op.fields = fields->toObject();
    if (json.contains(QStringLiteral("state"))) {
        auto state = member(json, QStringLiteral("state"), QJsonValue::String);
        if (!state)
            return state.error();
        op.state = state->toString();
    }
    auto deviceTime = member(json, QStringLiteral("device_time"), QJsonValue::String);
    if (!deviceTime)
        return deviceTime.error();
    op.deviceTime = QDateTime::fromString(deviceTime->toString(), Qt::ISODateWithMs);
    if (!op.deviceTime.isValid())
        return badOperation(QStringLiteral("member \"device_time\" is not an ISO 8601 time"));
    if (op.kind == OperationKind::Create && op.baseVersion != 0)
        return badOperation(QStringLiteral("a create must have base_version 0"));
    if (op.kind == OperationKind::Delete && !op.fields.isEmpty())
        return badOperation(QStringLiteral("a delete carries no fields"));
    return op;
}

} // namespace outpost
