#include "guardedtcpserver.h"

#include <QTcpSocket>

namespace outpost {

GuardedTcpServer::GuardedTcpServer(ConnectionGuard::Limits limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    new ConnectionGuard(socket, m_limits); // first to connect to readyRead
    addPendingConnection(socket);
}

} // namespace outpost
