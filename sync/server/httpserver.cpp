#include "httpserver.h"

#include <QPointer>
#include <QTcpSocket>

#include <optional>

#include "filestreamer.h"
#include "bodypipe.h"
#include "httplistener.h"
#include "metrics.h"
#include "serverlogging.h"

namespace outpost {

namespace {

// A JSON route's POST / PUT / PATCH body must come as application/json (any case; parameters
// allowed, but a charset only if it is UTF-8, the one JSON has): anything else, or no
// Content-Type, answers 415 before the handler runs, so nothing changes. An empty body has
// nothing to misread and passes (the handler says what it misses).
std::optional<HttpResponse> contentTypeRefusal(const Route &route, const HttpRequest &request)
{
    if (route.body != Body::Json || request.body.isEmpty() ||
        (request.method != "POST" && request.method != "PUT" && request.method != "PATCH"))
        return std::nullopt;
    const QByteArray contentType = request.header("content-type");
    const QList<QByteArray> parts = contentType.split(';');
    bool ok = parts.first().trimmed().toLower() == "application/json";
    for (qsizetype i = 1; ok && i < parts.size(); ++i) {
        const QByteArray parameter = parts[i].trimmed().toLower();
        if (parameter.startsWith("charset="))
            ok = parameter.mid(8) == "utf-8" || parameter.mid(8) == "\"utf-8\"";
    }
    if (ok)
        return std::nullopt;
    return HttpResponse::error(
        415, QStringLiteral("unsupported_media_type"),
        QStringLiteral("send the body as \"Content-Type: application/json\" (UTF-8), not \"%1\"")
            .arg(QString::fromLatin1(contentType.left(100))));
}

// Every refusal of who is asking is logged, whichever handler answered it: 401 (no, unknown,
// expired or revoked token; wrong password), 403 (the role does not allow it) and 404 from a
// route (nothing the caller may see by that id; the same answer as "does not exist").
void logRefusal(const HttpRequest &request, const HttpResponse &response)
{
    if (response.status != 401 && response.status != 403 &&
        !(response.status == 404 && request.params.size() > 0))
        return;
    const QString line = QStringLiteral("refused %1 %2: %3 %4 from %5")
                             .arg(response.status)
                             .arg(response.errorCode, QString::fromLatin1(request.method),
                                  request.path.left(200), request.remoteAddress.toString());
    if (response.status == 403)
        qCWarning(lcServer).noquote() << line;
    else
        qCInfo(lcServer).noquote() << line;
}

} // namespace

HttpServer::HttpServer(const Router *router, Metrics *metrics, Limits limits, QObject *parent)
    : QObject(parent), m_router(router), m_metrics(metrics), m_limits(limits)
{
    for (Lane *lane : {&m_workers, &m_streams}) {
        lane->pool.setMaxThreadCount(std::max(1, m_limits.maxConcurrentRequests));
        lane->pool.setExpiryTimeout(-1); // threads keep their database connections
    }
    m_clock.start();
}

HttpServer::~HttpServer()
{
    // A handler waiting for a streamed body's next bytes stops waiting now.
    for (Connection &connection : m_connections)
        connection.http->stopReading();
    m_workers.pool.waitForDone();
    m_streams.pool.waitForDone();
}

Result<quint16> HttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *tcp = new HttpListener(m_limits.tls, this);
    if (!tcp->listen(address, port)) {
        const QString message = tcp->errorString();
        delete tcp;
        return Error::permanentError(QStringLiteral("listen_failed"),
                                     QStringLiteral("cannot listen on %1:%2: %3")
                                         .arg(address.toString())
                                         .arg(port)
                                         .arg(message));
    }
    connect(tcp, &QTcpServer::newConnection, this, [this, tcp] {
        while (QTcpSocket *socket = tcp->nextPendingConnection())
            accept(socket);
    });
    return tcp->serverPort();
}

void HttpServer::accept(QTcpSocket *socket)
{
    HttpConnection::Handlers handlers;
    handlers.streamsBody = [this](const HttpRequest &head) { return streamsBody(head); };
    handlers.onRequest = [this](HttpConnection *connection, HttpRequest &&request) {
        enqueue(connection->socket(), std::move(request));
    };
    Connection &connection = m_connections[socket];
    connection.http = new HttpConnection(socket, m_limits.connection, std::move(handlers));
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
}

bool HttpServer::streamsBody(const HttpRequest &head) const
{
    const RouteMatch match = m_router->match(head.method, head.path);
    return match.route && match.route->streamsBody;
}

void HttpServer::enqueue(QTcpSocket *socket, HttpRequest &&request)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->queue.push_back(Pending{std::move(request), m_clock.nsecsElapsed()});
    it->http->setBusy(true);
    if (!it->busy)
        startNext(socket);
}

void HttpServer::startNext(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    if (it->queue.empty()) {
        it->busy = false;
        it->http->setBusy(false);
        return;
    }
    it->busy = true;
    HttpRequest request = it->queue.front().request;
    RouteMatch match = m_router->match(request.method, request.path);
    if (!match.route) {
        if (match.allowed.isEmpty()) {
            finish(socket,
                   HttpResponse::error(404, QStringLiteral("not_found"),
                                       QStringLiteral("no such endpoint: %1").arg(request.path)));
        } else {
            HttpResponse response =
                HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                    QStringLiteral("%1 is not allowed on %2")
                                        .arg(QString::fromLatin1(request.method), request.path));
            response.addHeader("Allow", match.allowed.join(", "));
            finish(socket, response);
        }
        return;
    }
    request.params = match.params;
    it->queue.front().request.params = match.params; // for the log in finish()
    if (auto refused = contentTypeRefusal(*match.route, request)) {
        finish(socket, *refused);
        return;
    }
    if (match.route->execution == Execution::Inline ||
        (match.route->inlineWhen && match.route->inlineWhen(request))) {
        finish(socket, match.route->handler(request));
        return;
    }
    // A handler that streams its body holds its thread while the client sends (as slowly as
    // the timeouts allow): those run on a pool of their own, so that slow uploads never take
    // the workers that pushes and pulls need.
    Lane &lane = request.bodyStream ? m_streams : m_workers;
    if (lane.inFlight >= m_limits.maxConcurrentRequests + m_limits.maxQueuedRequests) {
        m_metrics->addOverloaded();
        HttpResponse response = HttpResponse::error(
            503, QStringLiteral("overloaded"),
            QStringLiteral("the server is busy; retry after %1 s").arg(m_limits.retryAfterSeconds));
        response.addHeader("Retry-After", QByteArray::number(m_limits.retryAfterSeconds));
        finish(socket, response);
        return;
    }
    ++lane.inFlight;
    m_metrics->setInFlight(m_workers.inFlight + m_streams.inFlight);
    const Handler handler = match.route->handler;
    QPointer<QTcpSocket> guarded(socket);
    lane.pool.start([this, &lane, handler, request = std::move(request), guarded, socket] {
        HttpResponse response = handler(request);
        QMetaObject::invokeMethod(
            this,
            [this, &lane, guarded, socket, response = std::move(response)] {
                --lane.inFlight;
                m_metrics->setInFlight(m_workers.inFlight + m_streams.inFlight);
                if (guarded)
                    finish(socket, response);
            },
            Qt::QueuedConnection);
    });
}

void HttpServer::finish(QTcpSocket *socket, const HttpResponse &response)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->queue.empty())
        return;
    const Pending done = std::move(it->queue.front());
    it->queue.pop_front();
    // An answer before the body's end (a refusal of a streamed body): nothing after it on
    // this connection can be framed, so it is the last one.
    const bool bodyUnread = done.request.bodyStream && !done.request.bodyStream->complete();
    if (bodyUnread)
        it->http->stopReading();
    const bool keepAlive = done.request.keepAlive && !bodyUnread;
    socket->write(response.serialize(keepAlive, done.request.method == "HEAD"));
    const qint64 latencyUs = (m_clock.nsecsElapsed() - done.receivedNs) / 1000;
    m_metrics->recordRequest(response.status, latencyUs);
    qCDebug(lcServer).noquote() << done.request.method << done.request.path << response.status
                                << latencyUs << "us";
    logRefusal(done.request, response);
    if (!response.bodyFile.isEmpty() && done.request.method != "HEAD") {
        QPointer<QTcpSocket> guarded(socket);
        FileStreamer::start(socket, response.bodyFile, response.bodyFileOffset,
                            response.bodyFileLength, [this, guarded, keepAlive](bool ok) {
                                if (!guarded)
                                    return;
                                if (ok && keepAlive) {
                                    startNext(guarded);
                                    return;
                                }
                                closeAfterWrite(guarded);
                            });
        return;
    }
    if (!keepAlive) {
        closeAfterWrite(socket);
        return;
    }
    startNext(socket);
}

void HttpServer::closeAfterWrite(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->queue.clear();
    it->busy = false;
    it->http->setBusy(false);
    it->http->closeAfterWrite();
}

} // namespace outpost
