// A QTcpServer that puts a ConnectionGuard on every accepted socket before handing it to
// QtHttpServer (QAbstractHttpServer::bind), which by itself buffers bodies without limit and
// never times out a client. With TLS configured, sockets are QSslSockets (the guard then sees
// decrypted bytes).
#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

#include "connectionguard.h"

namespace outpost {

class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    // tls: when set, every connection is a QSslSocket doing the server side of TLS.
    GuardedTcpServer(ConnectionGuard::Limits limits, std::optional<QSslConfiguration> tls,
                     QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ConnectionGuard::Limits m_limits;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace outpost
