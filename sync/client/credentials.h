// The device's identity with the server: where it is, the device id and the token pair.
// Kept in the encrypted store's sync state (SQLCipher), never in a clear file; never logged.
#pragma once

#include <QDateTime>
#include <QString>
#include <QUrl>
#include <QUuid>

#include "result.h"
#include "tokenresponse.h"

namespace outpost {

class LocalStore;

struct Credentials
{
    QUrl serverUrl;
    QString username;
    QUuid deviceId;
    QString accessToken;
    QDateTime accessExpiresAt;
    QString refreshToken;
    QDateTime refreshExpiresAt;

    bool isEnrolled() const { return !deviceId.isNull() && !refreshToken.isEmpty(); }
    bool accessTokenFresh(qint64 marginMs) const;
    void takeTokens(const TokenResponse &tokens);

    static Result<Credentials> load(const LocalStore &store);
    Status save(LocalStore &store) const;
    static Status clearTokens(LocalStore &store); // sign-in required: keep the rest
};

} // namespace outpost
