#include "api.h"

#include "metrics.h"
#include "outpost/version.h"
#include "router.h"
#include "serverstore.h"

namespace outpost {

Api::Api(ServerStore *store, Metrics *metrics, const ServerConfig &config)
    : m_store(store), m_metrics(metrics), m_config(config)
{}

Api::~Api() = default;

void Api::registerRoutes(Router &router)
{
    auto bindHandler = [this](HttpResponse (Api::*method)(const HttpRequest &)) {
        return [this, method](const HttpRequest &request) { return (this->*method)(request); };
    };
    router.add("GET", QStringLiteral("/healthz"), bindHandler(&Api::healthz));
    router.add("GET", QStringLiteral("/metrics"), bindHandler(&Api::metrics), Execution::Inline);
}

HttpResponse Api::healthz(const HttpRequest &)
{
    auto q = m_store->exec(QStringLiteral("SELECT 1"));
    if (!q)
        return HttpResponse::fromError(q.error());
    return HttpResponse::json(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                                    {QStringLiteral("version"), QString::fromLatin1(kVersion)},
                                    {QStringLiteral("database"), m_config.database.driver}});
}

HttpResponse Api::metrics(const HttpRequest &)
{
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4";
    response.body = m_metrics->render();
    return response;
}

} // namespace outpost
