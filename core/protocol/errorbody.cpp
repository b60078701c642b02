#include "errorbody.h"

#include "jsonreader.h"

namespace outpost {

QJsonObject ErrorBody::toJson() const
{
    return {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
}

Result<ErrorBody> ErrorBody::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    auto code = reader.string(QStringLiteral("code"));
    if (!code)
        return code.error();
    auto message = reader.string(QStringLiteral("message"));
    if (!message)
        return message.error();
    return ErrorBody{*code, *message};
}

} // namespace outpost
