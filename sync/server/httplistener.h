// The listening socket of the HTTP server: every accepted connection becomes a QTcpSocket
// with Nagle's algorithm off (TCP_NODELAY), or with TLS configured a QSslSocket doing the
// server side of the handshake (HttpConnection then sees decrypted bytes). HttpServer takes
// them with nextPendingConnection().
#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace outpost {

class HttpListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit HttpListener(std::optional<QSslConfiguration> tls, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    std::optional<QSslConfiguration> m_tls;
};

} // namespace outpost
