// Answer of sign-in and refresh: the device's id and a fresh pair of opaque tokens.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QUuid>

#include "result.h"

namespace outpost {

struct TokenResponse
{
    QUuid deviceId;
    QString accessToken; // "Authorization: Bearer <accessToken>"; never logged
    QDateTime accessExpiresAt;
    QString refreshToken; // POST /api/v1/auth/refresh; single use; never logged
    QDateTime refreshExpiresAt;

    QJsonObject toJson() const;
    static Result<TokenResponse> fromJson(const QJsonObject &json);
};

} // namespace outpost
