#include "guardedtcpserver.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace outpost {

GuardedTcpServer::GuardedTcpServer(ConnectionGuard::Limits limits,
                                   std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_tls(std::move(tls))
{}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_tls) {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(socketDescriptor)) {
            delete socket;
            return;
        }
        socket->setSslConfiguration(*m_tls);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new ConnectionGuard(socket, m_limits); // first to connect to readyRead
        // A failed handshake closes the connection; QtHttpServer then deletes the socket.
        connect(socket, &QSslSocket::sslErrors, socket, [socket] { socket->abort(); });
        socket->startServerEncryption();
        addPendingConnection(socket);
        return;
    }
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // No Nagle: an answer leaves in more than one write (head, body), and holding the second
    // back until the client's delayed ACK cost ~40 ms per request with a large body.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new ConnectionGuard(socket, m_limits); // first to connect to readyRead
    addPendingConnection(socket);
}

} // namespace outpost
