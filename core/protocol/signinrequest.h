// POST /api/v1/auth/signin body: a person's credentials and a name for the device.
#pragma once

#include <QJsonObject>

#include "result.h"

namespace outpost {

struct SignInRequest
{
    QString username;
    QString password; // never logged
    QString deviceName;

    QJsonObject toJson() const;
    static Result<SignInRequest> fromJson(const QJsonObject &json);
};

} // namespace outpost
