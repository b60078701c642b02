#include "connectionguard.h"

#include <QTcpSocket>

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
    connect(socket, &QTcpSocket::bytesWritten, &m_idleTimer, qOverload<>(&QTimer::start));
    m_idleTimer.start();
}

void ConnectionGuard::onReadyRead()
{
    m_idleTimer.start();
    // QtHttpServer reads everything available on each readyRead, so what is unread now is
    // exactly what arrived since the last time.
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    const bool wasInRequest = m_framer.inRequest();
    const RequestFramer::Verdict verdict = m_framer.feed(fresh);
    if (verdict.reject) {
        refuse(verdict.status, verdict.code, verdict.message);
        return;
    }
    for (int i = 0; i < verdict.continues; ++i)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (!m_framer.inRequest())
        m_requestTimer.stop();
    else if (!wasInRequest || !m_requestTimer.isActive())
        m_requestTimer.start();
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
