#include "httpconnection.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "httpresponse.h"
#include "serverlogging.h"

namespace outpost {

namespace {

// What one read takes from the socket: small between requests, larger while a streamed body
// passes (fewer, larger hand-overs to the pipe).
constexpr qsizetype kHeadReadBytes = 64 * 1024;
constexpr qsizetype kBodyReadBytes = 256 * 1024;
// What Qt buffers from the kernel at most; beyond it the kernel's window holds the client.
constexpr qint64 kSocketBufferBytes = 256 * 1024;
// A streamed body's pipe: the network thread stops reading when it holds this much.
constexpr qsizetype kPipeBytes = 2 * 1024 * 1024;
// How long a closing connection keeps reading (and dropping) what the client still sends.
constexpr int kLingerMs = 2000;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, Limits limits, Handlers handlers)
    : QObject(socket), m_socket(socket), m_limits(limits), m_handlers(std::move(handlers)),
      m_parser(limits.parsing,
               RequestParser::Events{
                   [this](HttpRequest &head) {
                       bool streamed = false;
                       onHead(head, &streamed);
                       return streamed;
                   },
                   [this](const char *data, qsizetype sizeBytes) {
                       if (m_pipe)
                           m_pipe->write(data, sizeBytes);
                   },
                   [this](HttpRequest &&request, bool streamed) {
                       if (streamed) {
                           if (m_pipe)
                               m_pipe->detachWriter();
                           m_pipe.reset();
                           return;
                       }
                       m_ready.push_back(std::move(request));
                   }})
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_limits.requestTimeoutMs);
    m_lingerTimer.setSingleShot(true);
    m_lingerTimer.setInterval(kLingerMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    connect(&m_requestTimer, &QTimer::timeout, this, &HttpConnection::onRequestTimeout);
    connect(&m_lingerTimer, &QTimer::timeout, m_socket, &QAbstractSocket::abort);
    m_socket->setReadBufferSize(kSocketBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, &m_idleTimer, qOverload<>(&QTimer::start));
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_pipe)
            m_pipe->fail(QStringLiteral("the client closed the connection"));
        m_pipe.reset();
        m_reading = false;
        m_idleTimer.stop();
        m_requestTimer.stop();
        m_socket->deleteLater();
    });
    quickAck();
    m_idleTimer.start();
}

HttpConnection::~HttpConnection()
{
    if (m_pipe)
        m_pipe->fail(QStringLiteral("the connection closed"));
}

void HttpConnection::onReadyRead()
{
    m_idleTimer.start();
    quickAck();
    if (m_closing) {
        m_socket->skip(m_socket->bytesAvailable()); // a closing connection drops what comes
        return;
    }
    parseBuffered();
}

void HttpConnection::parseBuffered()
{
    while (m_reading) {
        if (m_bufferPos == m_bufferEnd) {
            m_bufferPos = m_bufferEnd = 0;
            const qsizetype want = m_pipe ? kBodyReadBytes : kHeadReadBytes;
            if (m_buffer.size() < want)
                m_buffer.resize(want);
            const qint64 n = m_socket->read(m_buffer.data(), m_buffer.size());
            if (n <= 0)
                return;
            m_bufferEnd = n;
        }
        qsizetype limit = m_bufferEnd - m_bufferPos;
        if (m_pipe && m_parser.inBody()) {
            // A streamed body: at most what the pipe takes; when it is full, wait for the
            // handler to drain it (BodyPipe's wake posts parseBuffered again).
            const qsizetype room = m_pipe->room();
            if (room == 0)
                return;
            limit = std::min(limit, room);
        }
        const bool wasInRequest = m_parser.inRequest();
        m_bufferPos += m_parser.feed(m_buffer.constData() + m_bufferPos, limit);
        if (const RequestParser::Rejection *rejection = m_parser.rejection()) {
            // The requests of the same read are dropped with the malformed one.
            m_ready.clear();
            refuse(rejection->status, rejection->code, rejection->message);
            return;
        }
        // Handed over after the parse (an answer can close the connection at once).
        std::vector<HttpRequest> ready;
        ready.swap(m_ready);
        for (HttpRequest &request : ready) {
            if (m_reading)
                m_handlers.onRequest(this, std::move(request));
        }
        if (m_parser.stopped()) {
            m_reading = false; // another protocol follows: the answer closes the connection
            return;
        }
        if (!m_parser.inRequest())
            m_requestTimer.stop();
        else if (!wasInRequest || !m_requestTimer.isActive())
            m_requestTimer.start();
        if (m_continueLength >= 0 && m_bufferPos == m_bufferEnd) {
            if (m_parser.bodyBytesLeft() == m_continueLength)
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_continueLength = -1;
        }
    }
}

void HttpConnection::onHead(HttpRequest &head, bool *streamed)
{
    head.remoteAddress = m_socket->peerAddress();
    m_continueLength =
        head.contentLength > 0 &&
                head.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0
            ? head.contentLength
            : -1;
    if (head.contentLength == 0 || !m_handlers.streamsBody || !m_handlers.streamsBody(head))
        return;
    m_pipe = std::make_shared<BodyPipe>(head.contentLength, kPipeBytes);
    // A streamed body is invited ("100 Continue") only once its handler reads it: a refusal
    // from the head alone goes out before the client sends a byte of it.
    const bool expectsContinue = m_continueLength >= 0;
    m_continueLength = -1;
    // Both run on the handler's thread under the pipe's lock; the lock also orders them before
    // this connection's destruction (which fails the pipe, dropping the callbacks).
    m_pipe->setWriterCallbacks(
        [this] {
            QMetaObject::invokeMethod(this, &HttpConnection::parseBuffered,
                                      Qt::QueuedConnection);
        },
        [this, expectsContinue, pipe = m_pipe.get()] {
            if (expectsContinue)
                QMetaObject::invokeMethod(
                    this, [this, pipe] { sendContinue(pipe); }, Qt::QueuedConnection);
        });
    HttpRequest request = head;
    request.bodyStream = m_pipe;
    *streamed = true;
    m_ready.push_back(std::move(request));
}

void HttpConnection::sendContinue(const BodyPipe *pipe)
{
    if (m_reading && m_pipe.get() == pipe && m_parser.bodyBytesLeft() == pipe->length())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void HttpConnection::stopReading()
{
    m_reading = false;
    m_requestTimer.stop();
    if (m_pipe)
        m_pipe->fail(QStringLiteral("the request was answered before its body was read"));
    m_pipe.reset();
}

void HttpConnection::closeAfterWrite()
{
    if (m_closing)
        return;
    stopReading();
    m_closing = true;
    m_idleTimer.stop();
    if (qobject_cast<QSslSocket *>(m_socket)) {
        m_socket->disconnectFromHost();
        return;
    }
    if (m_socket->bytesToWrite() > 0)
        connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::shutDownWhenWritten);
    else
        shutDownWhenWritten();
}

// Once the answer has left: no more bytes from us (FIN), but read on until the client closes
// too or kLingerMs pass. Closing with unread bytes would send a reset that can destroy the
// answer in the client's receive buffer before it read it (a refused large body).
void HttpConnection::shutDownWhenWritten()
{
    if (m_socket->bytesToWrite() > 0 || m_lingerTimer.isActive())
        return;
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
    m_socket->skip(m_socket->bytesAvailable());
    m_lingerTimer.start();
}

// Acknowledge what arrives at once instead of after Linux's delayed-ACK timer (40 ms on an
// interactive connection): a client with Nagle's algorithm on (QNetworkAccessManager, which
// writes a head + 16 KiB, then the rest) holds the rest of a request back until its earlier
// bytes are acknowledged, so every tus PATCH and every push of more than 16 KiB waited 40 ms
// (docs/performance.md, "Attachment uploads" and "Sync server"). The kernel turns quick-ACK
// mode off again by itself, hence on every read.
void HttpConnection::quickAck()
{
#ifdef TCP_QUICKACK
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return;
    int on = 1;
    ::setsockopt(static_cast<int>(fd), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#endif
}

void HttpConnection::onIdleTimeout()
{
    if (m_busy) {
        m_idleTimer.start();
        return;
    }
    if (m_parser.inRequest()) {
        refuse(408, QStringLiteral("request_timeout"),
               QStringLiteral("no data for %1 ms").arg(m_limits.idleTimeoutMs));
        return;
    }
    m_socket->disconnectFromHost(); // an idle keep-alive connection
}

void HttpConnection::onRequestTimeout()
{
    if (!m_parser.inRequest())
        return;
    if (m_pipe) {
        // The handler owns the answer: its next read fails, it answers, the connection closes.
        m_pipe->fail(QStringLiteral("the request did not arrive whole within %1 ms")
                         .arg(m_limits.requestTimeoutMs));
        stopReading();
        return;
    }
    refuse(408, QStringLiteral("request_timeout"),
           QStringLiteral("the request did not arrive whole within %1 ms")
               .arg(m_limits.requestTimeoutMs));
}

void HttpConnection::refuse(int status, const QString &code, const QString &message)
{
    qCInfo(lcServer).noquote() << "refusing connection from" << m_socket->peerAddress().toString()
                               << status << code;
    stopReading();
    m_socket->write(HttpResponse::error(status, code, message).serialize(false));
    closeAfterWrite();
}

} // namespace outpost
