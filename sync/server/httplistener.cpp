#include "httplistener.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace outpost {

HttpListener::HttpListener(std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent), m_tls(std::move(tls))
{}

void HttpListener::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // No Nagle: an answer leaves in more than one write (head, body), and holding the second
    // back until the client's delayed ACK cost ~40 ms per request with a large body.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        ssl->setSslConfiguration(*m_tls);
        // A failed handshake closes the connection (HttpConnection then deletes the socket).
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
        ssl->startServerEncryption();
    }
    addPendingConnection(socket);
}

} // namespace outpost
