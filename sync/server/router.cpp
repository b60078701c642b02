#include "router.h"

namespace outpost {

namespace {

bool matches(const QStringList &pattern, const QStringList &segments, QStringList *params)
{
    if (pattern.size() != segments.size())
        return false;
    QStringList found;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern[i].startsWith(QLatin1Char('{'))) {
            if (segments[i].isEmpty())
                return false;
            found.append(segments[i]);
        } else if (pattern[i] != segments[i]) {
            return false;
        }
    }
    *params = found;
    return true;
}

} // namespace

QString accessName(Access access)
{
    switch (access) {
    case Access::Public:
        return QStringLiteral("public");
    case Access::Device:
        return QStringLiteral("device");
    case Access::Supervisor:
        return QStringLiteral("supervisor");
    case Access::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

Route &Router::add(const QByteArray &method, const QString &pattern, Access access, Handler handler,
                   Execution execution)
{
    m_routes.push_back(Route{method,
                             pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts),
                             std::move(handler),
                             access,
                             execution,
                             Body::Json,
                             false,
                             {}});
    return m_routes.back();
}

RouteMatch Router::match(const QByteArray &method, const QString &path) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    RouteMatch result;
    for (const auto &route : m_routes) {
        QStringList params;
        if (!matches(route.segments, segments, &params))
            continue;
        if (route.method == method || (method == "HEAD" && route.method == "GET")) {
            result.route = &route;
            result.params = params;
            result.allowed.clear();
            return result;
        }
        if (!result.allowed.contains(route.method))
            result.allowed.append(route.method);
    }
    return result;
}

} // namespace outpost
