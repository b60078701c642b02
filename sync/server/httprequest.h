// A parsed HTTP request as a value, copied out of QHttpServerRequest so that it can travel to
// a worker thread.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QStringList>
#include <QUrlQuery>

namespace outpost {

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;      // decoded path, no query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QHostAddress remoteAddress;
    bool keepAlive = true;
    QStringList params; // values of the route's {placeholders}, in order

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
};

} // namespace outpost
