#include "credentials.h"

#include "localstore.h"

namespace outpost {

namespace {

const QString kServerUrl = QStringLiteral("auth.server_url");
const QString kUsername = QStringLiteral("auth.username");
const QString kDeviceId = QStringLiteral("auth.device_id");
const QString kAccessToken = QStringLiteral("auth.access_token");
const QString kAccessExpires = QStringLiteral("auth.access_expires_at");
const QString kRefreshToken = QStringLiteral("auth.refresh_token");
const QString kRefreshExpires = QStringLiteral("auth.refresh_expires_at");

QString isoText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

bool Credentials::accessTokenFresh(qint64 marginMs) const
{
    if (accessToken.isEmpty())
        return false;
    if (!accessExpiresAt.isValid())
        return true;
    return QDateTime::currentDateTimeUtc().addMSecs(marginMs) < accessExpiresAt;
}

void Credentials::takeTokens(const TokenResponse &tokens)
{
    deviceId = tokens.deviceId;
    accessToken = tokens.accessToken;
    accessExpiresAt = tokens.accessExpiresAt;
    refreshToken = tokens.refreshToken;
    refreshExpiresAt = tokens.refreshExpiresAt;
}

Result<Credentials> Credentials::load(const LocalStore &store)
{
    Credentials c;
    QString values[7];
    const QString *keys[7] = {&kServerUrl,     &kUsername,     &kDeviceId,      &kAccessToken,
                              &kAccessExpires, &kRefreshToken, &kRefreshExpires};
    for (int i = 0; i < 7; ++i) {
        auto value = store.syncState(*keys[i]);
        if (!value)
            return value.error();
        values[i] = *value;
    }
    c.serverUrl = QUrl(values[0]);
    c.username = values[1];
    c.deviceId = QUuid::fromString(values[2]);
    c.accessToken = values[3];
    c.accessExpiresAt = QDateTime::fromString(values[4], Qt::ISODateWithMs);
    c.refreshToken = values[5];
    c.refreshExpiresAt = QDateTime::fromString(values[6], Qt::ISODateWithMs);
    return c;
}

Status Credentials::save(LocalStore &store) const
{
    const QPair<QString, QString> pairs[] = {
        {kServerUrl, serverUrl.toString()},
        {kUsername, username},
        {kDeviceId, deviceId.isNull() ? QString() : deviceId.toString(QUuid::WithoutBraces)},
        {kAccessToken, accessToken},
        {kAccessExpires, isoText(accessExpiresAt)},
        {kRefreshToken, refreshToken},
        {kRefreshExpires, isoText(refreshExpiresAt)},
    };
    for (const auto &pair : pairs) {
        if (Status s = store.setSyncState(pair.first, pair.second); !s)
            return s;
    }
    return {};
}

Status Credentials::clearTokens(LocalStore &store)
{
    for (const QString *key : {&kAccessToken, &kAccessExpires, &kRefreshToken, &kRefreshExpires}) {
        if (Status s = store.setSyncState(*key, QString()); !s)
            return s;
    }
    return {};
}

} // namespace outpost
