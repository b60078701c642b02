// One HTTP request of the engine (value type): what ApiClient::send takes. Besides JSON calls,
// it carries what tus uploads and Range downloads need: extra headers, a content type, upload
// progress, and a streamed answer body.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

#include "httpreply.h"

namespace outpost {

struct ApiRequest
{
    QByteArray method;
    QString path;    // starts with '/' and may carry a query; relative to the server's URL
    QByteArray body; // sent as is
    // Empty: "application/json" when there is a body or the method is POST, else none.
    QByteArray contentType;
    QList<std::pair<QByteArray, QByteArray>> headers;
    // ApiClient::abort(tag) ends this request without calling its callback. Empty = none.
    QString tag;
    // Called as the body leaves (bytes of the body sent so far).
    std::function<void(qint64 bytesSent)> onUploadProgress;
    // When set, a 2xx answer's body is not collected: every piece that arrives is handed here
    // with the answer's status and headers (head.body is empty) and the final HttpReply has
    // an empty body. Returning false aborts the request (done then gets status 0).
    std::function<bool(const HttpReply &head, const QByteArray &data)> onData;
    // A large body (tus PATCH chunks): sent by libcurl on a thread of its own (BulkSender)
    // instead of QNetworkAccessManager, with the same contract (apiclient.h). Its answer is
    // collected whole, at most ApiClient::kMaxBulkAnswerBytes; onData is not supported.
    bool bulk = false;

    void addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append(std::pair<QByteArray, QByteArray>(name, value));
    }

    static ApiRequest json(const QByteArray &method, const QString &path,
                           const QByteArray &body = {})
    {
        ApiRequest request;
        request.method = method;
        request.path = path;
        request.body = body;
        return request;
    }
};

} // namespace outpost
