// `outpost-server serve`: opens the store, brings the schema up to date, registers the API
// routes and listens. Lives on the main thread.
#pragma once

#include <QObject>
#include <QSslConfiguration>
#include <QThread>

#include <memory>

#include "result.h"
#include "serverconfig.h"

namespace outpost {

class Api;
class HttpServer;
class Metrics;
class Router;
class ServerStore;
class Sweeper;

class ServerApp : public QObject
{
    Q_OBJECT

public:
    explicit ServerApp(ServerConfig config, QObject *parent = nullptr);
    ~ServerApp() override;

    // listen: "host:port" (port 0 picks a free port). Returns the bound port.
    Result<quint16> start(const QString &listen);

private:
    Result<QSslConfiguration> loadTls() const;

    ServerConfig m_config;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<ServerStore> m_store;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<Api> m_api;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<QThread> m_sweepThread;
    Sweeper *m_sweeper = nullptr; // lives on m_sweepThread, deleted when it finishes
};

} // namespace outpost
