// Binds the HTTP routes of docs/protocol.md to the services. Handlers run on worker threads
// (Execution::Worker) unless marked Inline; every handler that touches data first finds out
// who is asking (AuthService::authenticate).
#pragma once

#include <memory>

#include "authservice.h"
#include "conflictservice.h"
#include "httprequest.h"
#include "httpresponse.h"
#include "pullservice.h"
#include "pushservice.h"
#include "reviewservice.h"
#include "serverconfig.h"
#include "signinlimiter.h"
#include "tusapi.h"

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
    // The request bears the configured metrics token (auth.metrics_token_sha256).
    bool isMetricsScraper(const HttpRequest &request) const;
    HttpResponse signIn(const HttpRequest &request);
    HttpResponse refresh(const HttpRequest &request);
    HttpResponse signOut(const HttpRequest &request);
    HttpResponse me(const HttpRequest &request);
    HttpResponse wipeConfirm(const HttpRequest &request);
    HttpResponse push(const HttpRequest &request);
    HttpResponse pull(const HttpRequest &request);
    HttpResponse review(const HttpRequest &request);
    HttpResponse conflicts(const HttpRequest &request);
    HttpResponse resolveConflict(const HttpRequest &request);
    HttpResponse audit(const HttpRequest &request);
    HttpResponse exportForm(const HttpRequest &request);

    ServerStore *m_store;
    Metrics *m_metrics;
    ServerConfig m_config;
    AuthService m_auth;
    SignInLimiter m_signInLimiter;
    PushService m_push;
    PullService m_pull;
    ReviewService m_review;
    ConflictService m_conflicts;
    TusApi m_tus;
};

} // namespace outpost
