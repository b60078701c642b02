#include "opresult.h"

#include "jsonreader.h"

namespace outpost {

QString opStatusName(OpStatus status)
{
    switch (status) {
    case OpStatus::Applied:
        return QStringLiteral("applied");
    case OpStatus::Merged:
        return QStringLiteral("merged");
    case OpStatus::Conflict:
        return QStringLiteral("conflict");
    case OpStatus::Rejected:
        return QStringLiteral("rejected");
    }
    return QStringLiteral("rejected");
}

Result<OpStatus> opStatusFromName(const QString &name)
{
    for (auto status :
         {OpStatus::Applied, OpStatus::Merged, OpStatus::Conflict, OpStatus::Rejected}) {
        if (opStatusName(status) == name)
            return status;
    }
    return Error::permanentError(QStringLiteral("invalid_response"),
                                 QStringLiteral("unknown op status \"%1\"").arg(name));
}

QJsonObject OpResult::toJson() const
{
    QJsonObject json{{QStringLiteral("op_id"), opId},
                     {QStringLiteral("index"), index},
                     {QStringLiteral("status"), opStatusName(status)}};
    if (version > 0)
        json.insert(QStringLiteral("version"), static_cast<double>(version));
    if (conflictId > 0)
        json.insert(QStringLiteral("conflict_id"), static_cast<double>(conflictId));
    if (status == OpStatus::Rejected) {
        json.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCode},
                                                         {QStringLiteral("message"), message}});
    }
    return json;
}

Result<OpResult> OpResult::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    OpResult result;
    auto opId = reader.string(QStringLiteral("op_id"));
    if (!opId)
        return opId.error();
    result.opId = *opId;
    auto index = reader.integer(QStringLiteral("index"), 0, 1 << 30);
    if (!index)
        return index.error();
    result.index = static_cast<int>(*index);
    auto statusName = reader.string(QStringLiteral("status"));
    if (!statusName)
        return statusName.error();
    auto status = opStatusFromName(*statusName);
    if (!status)
        return status.error();
    result.status = *status;
    constexpr qint64 kMax = 9007199254740992LL;
    auto version = reader.optionalInteger(QStringLiteral("version"), 0, kMax, 0);
    if (!version)
        return version.error();
    result.version = *version;
    auto conflictId = reader.optionalInteger(QStringLiteral("conflict_id"), 0, kMax, 0);
    if (!conflictId)
        return conflictId.error();
    result.conflictId = *conflictId;
    if (result.status == OpStatus::Rejected) {
        auto error = reader.object(QStringLiteral("error"));
        if (!error)
            return error.error();
        const JsonReader errorReader(*error, QStringLiteral("invalid_response"));
        auto code = errorReader.string(QStringLiteral("code"));
        if (!code)
            return code.error();
        auto message = errorReader.string(QStringLiteral("message"));
        if (!message)
            return message.error();
        result.errorCode = *code;
        result.message = *message;
    }
    return result;
}

} // namespace outpost
