#include "tokenresponse.h"

#include "jsonreader.h"

namespace outpost {

QJsonObject TokenResponse::toJson() const
{
    return {
        {QStringLiteral("device_id"), deviceId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("access_token"), accessToken},
        {QStringLiteral("access_expires_at"), accessExpiresAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("refresh_token"), refreshToken},
        {QStringLiteral("refresh_expires_at"),
         refreshExpiresAt.toUTC().toString(Qt::ISODateWithMs)}};
}

Result<TokenResponse> TokenResponse::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    TokenResponse response;
    auto deviceId = reader.uuid(QStringLiteral("device_id"));
    if (!deviceId)
        return deviceId.error();
    response.deviceId = *deviceId;
    auto access = reader.string(QStringLiteral("access_token"));
    if (!access)
        return access.error();
    response.accessToken = *access;
    auto refresh = reader.string(QStringLiteral("refresh_token"));
    if (!refresh)
        return refresh.error();
    response.refreshToken = *refresh;
    auto accessExpires = reader.string(QStringLiteral("access_expires_at"));
    if (!accessExpires)
        return accessExpires.error();
    response.accessExpiresAt = QDateTime::fromString(*accessExpires, Qt::ISODateWithMs);
    auto refreshExpires = reader.string(QStringLiteral("refresh_expires_at"));
    if (!refreshExpires)
        return refreshExpires.error();
    response.refreshExpiresAt = QDateTime::fromString(*refreshExpires, Qt::ISODateWithMs);
    return response;
}

} // namespace outpost
