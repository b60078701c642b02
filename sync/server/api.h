// Binds the HTTP routes of docs/protocol.md to the services. Handlers run on worker threads
// (Execution::Worker) unless marked Inline; every handler that touches data first finds out
// who is asking (AuthService::authenticate).
#pragma once

#include <memory>

#include "httprequest.h"
#include "httpresponse.h"
#include "serverconfig.h"

namespace outpost {

class Metrics;
class Router;
class ServerStore;

class Api
{
public:
    // store and metrics: not owned, must outlive the Api.
    Api(ServerStore *store, Metrics *metrics, const ServerConfig &config);
    ~Api();

    void registerRoutes(Router &router);

private:
    HttpResponse healthz(const HttpRequest &request);
    HttpResponse metrics(const HttpRequest &request);

    ServerStore *m_store;
    Metrics *m_metrics;
    ServerConfig m_config;
};

} // namespace outpost
