#include "pushrequest.h"

#include <QJsonArray>

#include "jsonreader.h"

namespace outpost {

namespace {

const QStringList &operationMembers()
{
    static const QStringList members{QStringLiteral("op_id"),        QStringLiteral("entity"),
                                     QStringLiteral("entity_id"),    QStringLiteral("kind"),
                                     QStringLiteral("base_version"), QStringLiteral("form_id"),
                                     QStringLiteral("form_version"), QStringLiteral("fields"),
                                     QStringLiteral("state"),        QStringLiteral("device_time")};
    return members;
}

PushItem decodeItem(const QJsonValue &value, int index)
{
    PushItem item;
    if (!value.isObject()) {
        item.error = Error::permanentError(QStringLiteral("invalid_operation"),
                                           QStringLiteral("ops[%1] is not an object").arg(index));
        return item;
    }
    const QJsonObject json = value.toObject();
    if (json.value(QStringLiteral("op_id")).isString())
        item.rawOpId = json.value(QStringLiteral("op_id")).toString();
    const JsonReader reader(json, QStringLiteral("invalid_operation"));
    if (auto known = reader.onlyKnown(operationMembers()); !known) {
        item.error = known.error();
        return item;
    }
    auto op = Operation::fromJson(json);
    if (!op) {
        item.error = op.error();
        return item;
    }
    item.op = *op;
    item.rawOpId = op->opId.toString(QUuid::WithoutBraces);
    return item;
}

} // namespace

QJsonObject PushRequest::toJson() const
{
    QJsonArray ops;
    for (const auto &item : items)
        ops.append(item.op.toJson());
    return {{QStringLiteral("ops"), ops}};
}

Result<PushRequest> PushRequest::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_request"));
    if (auto known = reader.onlyKnown({QStringLiteral("ops")}); !known)
        return known.error();
    auto ops = reader.array(QStringLiteral("ops"));
    if (!ops)
        return ops.error();
    PushRequest request;
    request.items.reserve(static_cast<size_t>(ops->size()));
    for (int i = 0; i < ops->size(); ++i)
        request.items.push_back(decodeItem(ops->at(i), i));
    return request;
}

PushRequest PushRequest::fromOperations(const std::vector<Operation> &ops)
{
    PushRequest request;
    for (const auto &op : ops)
        request.items.push_back(PushItem{op, std::nullopt, op.opId.toString(QUuid::WithoutBraces)});
    return request;
}

} // namespace outpost
