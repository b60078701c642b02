#include "connectionguard.h"

#include <QTcpSocket>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "httpresponse.h"
#include "serverlogging.h"

namespace outpost {

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, Limits limits)
    : QObject(socket), m_socket(socket), m_limits(limits), m_framer(limits.framing)
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_limits.requestTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &ConnectionGuard::onIdleTimeout);
    connect(&m_requestTimer, &QTimer::timeout, this, &ConnectionGuard::onRequestTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // answers leave at once
    quickAck();
    connect(socket, &QTcpSocket::bytesWritten, &m_idleTimer, qOverload<>(&QTimer::start));
    m_idleTimer.start();
}

void ConnectionGuard::onReadyRead()
{
    m_idleTimer.start();
    quickAck();
    // QtHttpServer reads everything available on each readyRead, so what is unread now is
    // exactly what arrived since the last time.
    const qint64 available = m_socket->bytesAvailable();
    const bool wasInRequest = m_framer.inRequest();
    RequestFramer::Verdict verdict;
    if (available <= m_framer.bodyBytesLeft())
        m_framer.skipBody(available); // a large body passing through: no copy to look at
    else
        verdict = m_framer.feed(m_socket->peek(available));
    if (verdict.reject) {
        refuse(verdict.status, verdict.code, verdict.message);
        return;
    }
    for (int i = 0; i < verdict.continues; ++i)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (!m_framer.inRequest()) {
        m_requestTimer.stop();
        return;
    }
    if (!wasInRequest || !m_requestTimer.isActive())
        m_requestTimer.start();
}

// Acknowledge what arrives at once instead of after Linux's delayed-ACK timer (40 ms on an
// interactive connection): a client with Nagle's algorithm on (QNetworkAccessManager, which
// writes a head + 16 KiB, then the rest) holds the rest of a request back until its earlier
// bytes are acknowledged, so every tus PATCH and every push of more than 16 KiB waited 40 ms
// (docs/performance.md, "Attachment uploads" and "Sync server"). The kernel turns quick-ACK
// mode off again by itself, hence on every read.
void ConnectionGuard::quickAck()
{
#ifdef TCP_QUICKACK
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return;
    int on = 1;
    ::setsockopt(static_cast<int>(fd), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#endif
}

void ConnectionGuard::onIdleTimeout()
{
    if (m_socket->property(busyProperty()).toBool()) {
        m_idleTimer.start();
        return;
    }
    if (m_framer.inRequest()) {
        refuse(408, QStringLiteral("request_timeout"),
               QStringLiteral("no data for %1 ms").arg(m_limits.idleTimeoutMs));
        return;
    }
    m_socket->disconnectFromHost(); // an idle keep-alive connection
}

void ConnectionGuard::onRequestTimeout()
{
    if (m_framer.inRequest())
        refuse(408, QStringLiteral("request_timeout"),
               QStringLiteral("the request did not arrive whole within %1 ms")
                   .arg(m_limits.requestTimeoutMs));
}

void ConnectionGuard::refuse(int status, const QString &code, const QString &message)
{
    qCInfo(lcServer).noquote() << "refusing connection from" << m_socket->peerAddress().toString()
                               << status << code;
    m_idleTimer.stop();
    m_requestTimer.stop();
    // Nobody reads this socket any more: QtHttpServer must not parse what is left.
    QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    m_socket->setReadBufferSize(1);
    m_socket->write(HttpResponse::error(status, code, message).serialize(false));
    m_socket->disconnectFromHost();
}

} // namespace outpost
