// The HTTP front: an HttpListener accepts connections, an HttpConnection per connection parses
// its requests into HttpRequest values; this class routes them, runs store work on a bounded
// thread pool and writes the answers of one connection in the order its requests came
// (pipelining safe). A route that streams its body (the tus PATCH) is started as soon as the
// request's head is complete; if it answers before the body's end, the connection closes after
// the answer. Admission control: when the pool and its short queue are full, a Worker route is
// answered 503 with Retry-After at once; streaming routes have a pool and a queue of their own
// (their handlers wait for the client). Lives on the thread that created it (the network
// thread).
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QThreadPool>

#include <deque>
#include <optional>

#include "httpconnection.h"
#include "httprequest.h"
#include "result.h"
#include "router.h"

class QTcpSocket;

namespace outpost {

class Metrics;

class HttpServer : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        HttpConnection::Limits connection;
        // Worker threads, and as many again for the routes that stream their body.
        int maxConcurrentRequests = 4;
        int maxQueuedRequests = 16; // waiting for a worker before 503 (each pool)
        int retryAfterSeconds = 2;
        std::optional<QSslConfiguration> tls; // serve HTTPS when set
    };

    // router and metrics: not owned, must outlive this server.
    HttpServer(const Router *router, Metrics *metrics, Limits limits, QObject *parent = nullptr);
    ~HttpServer() override;

    Result<quint16> listenOn(const QHostAddress &address, quint16 port);

private:
    struct Pending
    {
        HttpRequest request;
        qint64 receivedNs = 0;
    };
    struct Connection
    {
        HttpConnection *http = nullptr; // owned by the socket
        std::deque<Pending> queue;      // front() is running when busy
        bool busy = false;
    };

    void accept(QTcpSocket *socket);
    void enqueue(QTcpSocket *socket, HttpRequest &&request);
    bool streamsBody(const HttpRequest &head) const;

    void startNext(QTcpSocket *socket);
    void finish(QTcpSocket *socket, const HttpResponse &response);
    void closeAfterWrite(QTcpSocket *socket);

    const Router *m_router;
    Metrics *m_metrics;
    Limits m_limits;
    struct Lane
    {
        QThreadPool pool;
        int inFlight = 0; // requests started and not finished (network thread only)
    };

    Lane m_workers; // Worker routes
    Lane m_streams; // routes that stream their body (tus PATCH)
    QElapsedTimer m_clock;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace outpost
