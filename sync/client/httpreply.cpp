#include "httpreply.h"

#include <QJsonDocument>

#include "errorbody.h"

namespace outpost {

Result<QJsonObject> HttpReply::json() const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error::transientError(QStringLiteral("invalid_response"),
                                     QStringLiteral("the server's answer (HTTP %1) is not a "
                                                    "JSON object")
                                         .arg(status));
    return doc.object();
}

Error HttpReply::error() const
{
    if (status == 0)
        return Error::transientError(QStringLiteral("network_error"),
                                     networkError.isEmpty()
                                         ? QStringLiteral("the server could not be reached")
                                         : networkError);
    QString code;
    QString message;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (doc.isObject()) {
        if (auto decoded = ErrorBody::fromJson(doc.object())) {
            code = decoded->code;
            message = decoded->message;
        }
    }
    if (code.isEmpty())
        code = QStringLiteral("http_%1").arg(status);
    if (message.isEmpty())
        message = QStringLiteral("the server answered HTTP %1").arg(status);
    // Bound what a hostile server can make us show and store.
    code = code.left(64);
    message = message.left(500);
    const bool transient = status == 408 || status == 429 || status >= 500;
    return transient ? Error::transientError(code, message) : Error::permanentError(code, message);
}

} // namespace outpost
