// One HTTP answer as the engine sees it (value type), or why there was none.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include "result.h"

namespace outpost {

struct HttpReply
{
    int status = 0;                        // 0: no HTTP answer (connection refused, reset, timeout)
    QByteArray body;                       // at most ApiClient::kMaxBodyBytes
    qint64 retryAfterMs = 0;               // from Retry-After (seconds), 0 when absent
    QString networkError;                  // when status == 0, for people
    QHash<QByteArray, QByteArray> headers; // names in lower case

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }

    bool isSuccess() const { return status >= 200 && status < 300; }
    // The JSON object body, or a transient "invalid_response" error.
    Result<QJsonObject> json() const;
    // The failure as an Error: no answer, 408/429/5xx are transient; other 4xx are
    // permanent and carry the server's {"code", "message"}.
    Error error() const;
};

} // namespace outpost
