// The body of every error response: {"code": "...", "message": "..."}.
#pragma once

#include <QJsonObject>

#include "result.h"

namespace outpost {

struct ErrorBody
{
    QString code;    // stable, snake_case; listed in docs/protocol.md
    QString message; // for people

    bool operator==(const ErrorBody &) const = default;

    static ErrorBody fromError(const Error &error) { return {error.code, error.message}; }
    QJsonObject toJson() const;
    static Result<ErrorBody> fromJson(const QJsonObject &json);
};

} // namespace outpost
