// Maps (method, path) to a handler. Patterns are literal segments and {placeholders}
// ("/api/v1/records/{id}/review"); a path that matches with another method answers 405 with
// an Allow header, no match at all 404. Every route says who may call it (Access); the list
// of routes is printed by `outpost-server routes` and walked by tests/server/tst_serveraccess
// (no token: 401; a collector on a supervisor or admin route: 403 or 404).
#pragma once

#include <QByteArrayList>
#include <QStringList>

#include <functional>
#include <vector>

#include "httprequest.h"
#include "httpresponse.h"

namespace outpost {

using Handler = std::function<HttpResponse(const HttpRequest &)>;

enum class Execution
{
    Inline, // cheap, no store access: runs on the network thread
    Worker  // touches the store: runs on the bounded worker pool (admission control)
};

// Who may call a route. The handler checks it (AuthService::authenticate and the caller's
// roles); this declaration is what the access test holds every handler to.
enum class Access
{
    Public,     // no token: health, sign-in, refresh, tus discovery (OPTIONS)
    Device,     // a signed-in device of any role
    Supervisor, // a supervisor or admin of the team concerned
    Admin       // an admin (/metrics also takes the configured metrics token)
};

QString accessName(Access access);

// What a route's POST / PUT / PATCH body is. A JSON route refuses any other Content-Type with
// 415 before its handler runs (HttpServer); the tus routes check their own.
enum class Body
{
    Json,
    Tus // application/offset+octet-stream, checked by TusApi
};

struct Route
{
    QByteArray method;
    QStringList segments;
    Handler handler;
    Access access = Access::Device;
    Execution execution = Execution::Worker;
    Body body = Body::Json;
    // The handler reads the body as it arrives (HttpRequest::bodyStream) and is started as soon
    // as the head is complete; an answer before the body's end closes the connection.
    bool streamsBody = false;
    // A Worker route that runs Inline for the requests this accepts (cheap, no store): the
    // metrics scraper's /metrics, answered even when the workers are saturated.
    std::function<bool(const HttpRequest &)> inlineWhen;

    QString pattern() const { return QLatin1Char('/') + segments.join(QLatin1Char('/')); }
};

struct RouteMatch
{
    const Route *route = nullptr; // null: see allowed
    QStringList params;
    QByteArrayList allowed; // methods that exist for this path (405) or empty (404)
};

class Router
{
public:
    // Returns the route just added (to set its body kind); valid until the next add().
    Route &add(const QByteArray &method, const QString &pattern, Access access, Handler handler,
               Execution execution = Execution::Worker);
    RouteMatch match(const QByteArray &method, const QString &path) const;
    const std::vector<Route> &routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
};

} // namespace outpost
