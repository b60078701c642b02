// A parsed HTTP request as a value (RequestParser makes it), so that it can travel to a worker
// thread. A route that streams its body gets it through bodyStream instead of body.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QStringList>
#include <QUrlQuery>

#include <memory>

namespace outpost {

class BodyPipe;

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;      // decoded path, no query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    qint64 contentLength = 0; // the declared body size (0 without Content-Length)
    // The body as it arrives, for a route that streams it (Route::streamsBody); body is then
    // empty. Read it on the handler's thread.
    std::shared_ptr<BodyPipe> bodyStream;
    QHostAddress remoteAddress;
    bool keepAlive = true;
    QStringList params; // values of the route's {placeholders}, in order

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
};

} // namespace outpost
