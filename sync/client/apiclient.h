// HTTP to the sync server for the engine: JSON requests with a bearer token, a timeout, no
// redirects (a token must never follow a redirect elsewhere), and bounded answer sizes.
// Requests marked bulk (ApiRequest::bulk: tus PATCH chunks) go through libcurl on the
// BulkSender's own thread, the others through QNetworkAccessManager; both give the same
// HttpReply, call done on this object's thread, honour abort(tag) and the timeout.
// Worker thread only: it owns a QNetworkAccessManager, which belongs to the thread that
// made it.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>

#include "apirequest.h"
#include "bulksender.h"
#include "httpreply.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace outpost {

class ApiClient : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxBodyBytes = 256ll * 1024 * 1024; // a larger answer is cut
    static constexpr qint64 kMaxBulkAnswerBytes = 1024 * 1024;   // larger: status 0

    explicit ApiClient(int timeoutMs, QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }

    using Callback = std::function<void(const HttpReply &)>;
    // pathAndQuery starts with '/'. token empty = no Authorization header. done is called
    // exactly once, later, from the event loop (never from within send), unless abortAll().
    void send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
              const QString &token, Callback done);
    // The same with headers, progress and a streamed answer (apirequest.h).
    void send(const ApiRequest &request, const QString &token, Callback done);
    void abortAll();                // in-flight requests end without calling their callbacks
    void abort(const QString &tag); // the same for the requests sent with this tag

private:
    using DataCallback = std::function<bool(const HttpReply &, const QByteArray &)>;
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    QUrl urlFor(const QString &pathAndQuery) const;
    void onFinished(QNetworkReply *reply, const Callback &done, const DataCallback &onData);
    static HttpReply head(QNetworkReply *reply); // status and headers
    static void readRetryAfter(HttpReply &reply);
    // apiclient_bulk.cpp
    void sendBulk(const ApiRequest &spec, const QUrl &url, Headers headers, Callback done);
    void abortBulk(const QString &tag); // empty: all

    QNetworkAccessManager *m_nam; // owned (child)
    QUrl m_baseUrl;
    int m_timeoutMs;
    QHash<QNetworkReply *, QString> m_inFlight; // -> the request's tag
    struct BulkInFlight
    {
        QString tag;
        std::shared_ptr<BulkSender::Transfer> transfer;
    };
    std::unique_ptr<BulkSender> m_bulk; // made on the first bulk request
    QHash<quint64, BulkInFlight> m_bulkInFlight;
    quint64 m_nextBulkId = 0;
};

} // namespace outpost
