#include "signinrequest.h"

#include "jsonreader.h"

namespace outpost {

QJsonObject SignInRequest::toJson() const
{
    return {{QStringLiteral("username"), username},
            {QStringLiteral("password"), password},
            {QStringLiteral("device_name"), deviceName}};
}

Result<SignInRequest> SignInRequest::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_request"));
    if (auto known = reader.onlyKnown({QStringLiteral("username"), QStringLiteral("password"),
                                       QStringLiteral("device_name")});
        !known)
        return known.error();
    SignInRequest request;
    auto username = reader.string(QStringLiteral("username"));
    if (!username)
        return username.error();
    request.username = *username;
    auto password = reader.string(QStringLiteral("password"));
    if (!password)
        return password.error();
    request.password = *password;
    auto deviceName = reader.optionalString(QStringLiteral("device_name"));
    if (!deviceName)
        return deviceName.error();
    request.deviceName = deviceName->left(200);
    if (request.username.isEmpty() || request.username.size() > 200 ||
        request.password.size() > 1024)
        return reader.error(QStringLiteral("username or password has a bad length"));
    return request;
}

} // namespace outpost
