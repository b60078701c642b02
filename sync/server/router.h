// Maps (method, path) to a handler. Patterns are literal segments and {placeholders}
// ("/api/v1/records/{id}/review"); a path that matches with another method answers 405 with
// an Allow header, no match at all 404.
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

struct Route
{
    QByteArray method;
    QStringList segments;
    Handler handler;
    Execution execution = Execution::Worker;
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
    void add(const QByteArray &method, const QString &pattern, Handler handler,
             Execution execution = Execution::Worker);
    RouteMatch match(const QByteArray &method, const QString &path) const;

private:
    std::vector<Route> m_routes;
};

} // namespace outpost
