// A QTcpServer that puts a ConnectionGuard on every accepted socket before handing it to
// QtHttpServer (QAbstractHttpServer::bind), which by itself buffers bodies without limit and
// never times out a client.
#pragma once

#include <QTcpServer>

#include "connectionguard.h"

namespace outpost {

class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(ConnectionGuard::Limits limits, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ConnectionGuard::Limits m_limits;
};

} // namespace outpost
