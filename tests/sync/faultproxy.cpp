#include "faultproxy.h"

#include <QTcpSocket>

FaultProxy::FaultProxy(quint16 targetPort) : m_target(targetPort)
{
    listen(QHostAddress::LocalHost, 0);
}

void FaultProxy::setOffline(bool offline)
{
    m_offline = offline;
    if (!offline)
        return;
    const auto sockets = std::exchange(m_sockets, {});
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (socket)
            socket->abort();
    }
}

void FaultProxy::incomingConnection(qintptr socketDescriptor)
{
    auto *client = new QTcpSocket(this);
    client->setSocketDescriptor(socketDescriptor);
    if (m_offline) {
        client->abort();
        client->deleteLater();
        return;
    }
    auto *upstream = new QTcpSocket(this);
    m_sockets << client << upstream;
    auto cutThis = std::make_shared<bool>(false);
    auto pending = std::make_shared<QByteArray>();
    upstream->connectToHost(QHostAddress::LocalHost, m_target);
    connect(upstream, &QTcpSocket::connected, upstream, [upstream, pending]() {
        upstream->write(*pending);
        pending->clear();
    });
    connect(client, &QTcpSocket::readyRead, client, [this, client, upstream, cutThis, pending]() {
        const QByteArray data = client->readAll();
        if (m_cutCount > 0 && data.startsWith(m_cutPrefix)) {
            --m_cutCount;
            *cutThis = true;
        }
        if (upstream->state() == QAbstractSocket::ConnectedState)
            upstream->write(data);
        else
            pending->append(data);
    });
    connect(upstream, &QTcpSocket::readyRead, upstream, [this, client, upstream, cutThis]() {
        const QByteArray data = upstream->readAll();
        if (*cutThis) {
            // The server answered, so it committed: drop the answer and the connection.
            ++m_responsesCut;
            *cutThis = false;
            client->abort();
            upstream->abort();
            return;
        }
        client->write(data);
    });
    auto closeBoth = [client, upstream]() {
        client->disconnectFromHost();
        upstream->disconnectFromHost();
        client->deleteLater();
        upstream->deleteLater();
    };
    connect(client, &QTcpSocket::disconnected, this, closeBoth);
    connect(upstream, &QTcpSocket::disconnected, this, closeBoth);
    connect(upstream, &QTcpSocket::errorOccurred, this, [client]() { client->abort(); });
}
