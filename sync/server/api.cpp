#include "api.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include "auditlog.h"
#include "exporter.h"
#include "formcatalog.h"
#include "idempotentreplies.h"
#include "jsonreader.h"
#include "metrics.h"
#include "outpost/version.h"
#include "router.h"
#include "serverlogging.h"
#include "serverstore.h"
#include "tokens.h"

namespace outpost {

namespace {

Result<QJsonObject> jsonBody(const HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        return Error::permanentError(QStringLiteral("invalid_json"),
                                     QStringLiteral("the body is not JSON: %1 at offset %2")
                                         .arg(error.errorString())
                                         .arg(error.offset));
    if (!doc.isObject())
        return Error::permanentError(QStringLiteral("invalid_json"),
                                     QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

// 200 with the body; a replayed answer says so in Idempotent-Replayed: true.
HttpResponse idempotentAnswer(const HttpRequest &request, const IdempotentReply &reply)
{
    HttpResponse response = HttpResponse::json(200, reply.body);
    if (reply.replayed) {
        response.addHeader("Idempotent-Replayed", "true");
        qCInfo(lcServer).noquote() << request.method << request.path.left(200)
                                   << "answered from its Idempotency-Key (a replay)";
    }
    return response;
}

} // namespace

Api::Api(ServerStore *store, Metrics *metrics, const ServerConfig &config)
    : m_store(store), m_metrics(metrics), m_config(config), m_auth(store, config.auth),
      m_signInLimiter(store, config.auth.signInLimit), m_push(store, metrics), m_pull(store),
      m_review(store), m_conflicts(store), m_tus(store, &m_auth, metrics, config)
{}

Api::~Api() = default;

void Api::registerRoutes(Router &router)
{
    auto bindHandler = [this](HttpResponse (Api::*method)(const HttpRequest &)) {
        return [this, method](const HttpRequest &request) {
            HttpResponse response = (this->*method)(request);
            ServerStore::finishStatements();
            return response;
        };
    };
    router.add("GET", QStringLiteral("/healthz"), Access::Public, bindHandler(&Api::healthz));
    // Admins, or the metrics token of the configuration (a Prometheus scraper: answered on
    // the network thread, no store needed, so even a saturated server answers it).
    router.add("GET", QStringLiteral("/metrics"), Access::Admin, bindHandler(&Api::metrics))
        .inlineWhen = [this](const HttpRequest &request) { return isMetricsScraper(request); };
    router.add("POST", QStringLiteral("/api/v1/auth/signin"), Access::Public,
               bindHandler(&Api::signIn));
    router.add("POST", QStringLiteral("/api/v1/auth/refresh"), Access::Public,
               bindHandler(&Api::refresh));
    router.add("POST", QStringLiteral("/api/v1/auth/signout"), Access::Device,
               bindHandler(&Api::signOut));
    router.add("GET", QStringLiteral("/api/v1/me"), Access::Device, bindHandler(&Api::me));
    router.add("POST", QStringLiteral("/api/v1/device/wipe-confirm"), Access::Device,
               bindHandler(&Api::wipeConfirm));
    router.add("POST", QStringLiteral("/api/v1/push"), Access::Device, bindHandler(&Api::push));
    router.add("GET", QStringLiteral("/api/v1/pull"), Access::Device, bindHandler(&Api::pull));
    router.add("POST", QStringLiteral("/api/v1/records/{id}/review"), Access::Supervisor,
               bindHandler(&Api::review));
    router.add("GET", QStringLiteral("/api/v1/conflicts"), Access::Supervisor,
               bindHandler(&Api::conflicts));
    router.add("POST", QStringLiteral("/api/v1/conflicts/{id}/resolve"), Access::Supervisor,
               bindHandler(&Api::resolveConflict));
    router.add("GET", QStringLiteral("/api/v1/audit"), Access::Admin, bindHandler(&Api::audit));
    router.add("GET", QStringLiteral("/api/v1/forms/{id}/export"), Access::Supervisor,
               bindHandler(&Api::exportForm));
    m_tus.registerRoutes(router);
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

bool Api::isMetricsScraper(const HttpRequest &request) const
{
    const QByteArray header = request.header("authorization");
    return header.startsWith("Bearer ") &&
           Tokens::matchesHash(QString::fromLatin1(header.mid(7).trimmed()),
                               m_config.auth.metricsTokenSha256);
}

HttpResponse Api::metrics(const HttpRequest &request)
{
    if (!isMetricsScraper(request)) {
        auto caller = m_auth.authenticate(request);
        if (!caller)
            return HttpResponse::fromError(caller.error());
        if (!caller->isAdmin())
            return HttpResponse::error(403, QStringLiteral("forbidden"),
                                       QStringLiteral("only admins and the metrics token read "
                                                      "/metrics"));
    }
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4";
    response.body = m_metrics->render();
    return response;
}

HttpResponse Api::signIn(const HttpRequest &request)
{
    auto body = jsonBody(request);
    if (!body)
        return HttpResponse::fromError(body.error());
    auto decoded = SignInRequest::fromJson(*body);
    if (!decoded)
        return HttpResponse::fromError(decoded.error());
    const QString address = m_signInLimiter.clientAddress(request);
    auto blocked = m_signInLimiter.secondsBlocked(decoded->username, address);
    if (!blocked)
        return HttpResponse::fromError(blocked.error());
    if (*blocked > 0) {
        qCInfo(lcServer).noquote() << "sign-in blocked for" << *blocked << "s: user"
                                   << decoded->username.left(64) << "from" << address;
        HttpResponse response = HttpResponse::error(
            429, QStringLiteral("too_many_attempts"),
            QStringLiteral("too many failed sign-ins; try again in %1 s").arg(*blocked));
        response.addHeader("Retry-After", QByteArray::number(*blocked));
        return response;
    }
    auto tokens = m_auth.signIn(*decoded);
    if (!tokens) {
        if (tokens.error().code == QStringLiteral("bad_credentials")) {
            if (auto s = m_signInLimiter.recordFailure(decoded->username, address); !s)
                return HttpResponse::fromError(s.error());
        }
        return HttpResponse::fromError(tokens.error());
    }
    if (auto s = m_signInLimiter.recordSuccess(decoded->username); !s)
        qCWarning(lcServer).noquote() << "cannot clear the sign-in failures:" << s.error().message;
    return HttpResponse::json(200, tokens->toJson());
}

HttpResponse Api::refresh(const HttpRequest &request)
{
    auto body = jsonBody(request);
    if (!body)
        return HttpResponse::fromError(body.error());
    const JsonReader reader(*body, QStringLiteral("invalid_request"));
    if (auto known = reader.onlyKnown({QStringLiteral("refresh_token")}); !known)
        return HttpResponse::fromError(known.error());
    auto token = reader.string(QStringLiteral("refresh_token"));
    if (!token)
        return HttpResponse::fromError(token.error());
    auto tokens = m_auth.refresh(*token);
    if (!tokens)
        return HttpResponse::fromError(tokens.error());
    return HttpResponse::json(200, tokens->toJson());
}

HttpResponse Api::signOut(const HttpRequest &request)
{
    auto device = m_auth.signingOutDevice(request); // who is asking, before what they send
    if (!device)
        return HttpResponse::fromError(device.error());
    if (!request.body.trimmed().isEmpty()) { // nothing to say but the token: empty or {}
        auto body = jsonBody(request);
        if (!body)
            return HttpResponse::fromError(body.error());
        if (auto known = JsonReader(*body, QStringLiteral("invalid_request")).onlyKnown({}); !known)
            return HttpResponse::fromError(known.error());
    }
    if (!device->isEmpty()) {
        if (auto s = m_auth.signOut(*device); !s)
            return HttpResponse::fromError(s.error());
    }
    return HttpResponse::json(200, {{QStringLiteral("status"), QStringLiteral("signed_out")}});
}

HttpResponse Api::me(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    QJsonArray teams;
    auto q = m_store->exec(QStringLiteral("SELECT t.id, t.name, m.role FROM memberships m JOIN "
                                          "teams t ON t.id = m.team_id WHERE m.user_id = ? "
                                          "ORDER BY t.id"),
                           {caller->userId});
    if (!q)
        return HttpResponse::fromError(q.error());
    while (q->next())
        teams.append(QJsonObject{{QStringLiteral("id"), q->value(0).toLongLong()},
                                 {QStringLiteral("name"), q->value(1).toString()},
                                 {QStringLiteral("role"), q->value(2).toString()}});
    return HttpResponse::json(
        200, {{QStringLiteral("user"), caller->username},
              {QStringLiteral("device_id"), caller->deviceId.toString(QUuid::WithoutBraces)},
              {QStringLiteral("teams"), teams}});
}

HttpResponse Api::wipeConfirm(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request, true);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    if (auto s = m_auth.confirmWipe(*caller); !s)
        return HttpResponse::fromError(s.error());
    return HttpResponse::json(200, {{QStringLiteral("status"), QStringLiteral("revoked")}});
}

HttpResponse Api::push(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    auto body = jsonBody(request);
    if (!body)
        return HttpResponse::fromError(body.error());
    if (request.body.size() > m_config.limits.maxBodyBytes)
        return HttpResponse::error(
            413, QStringLiteral("payload_too_large"),
            QStringLiteral("a push body holds at most %1 bytes").arg(m_config.limits.maxBodyBytes));
    auto decoded = PushRequest::fromJson(*body);
    if (!decoded)
        return HttpResponse::fromError(decoded.error());
    if (decoded->items.size() > static_cast<size_t>(m_config.limits.maxBatchOps))
        return HttpResponse::error(413, QStringLiteral("too_many_ops"),
                                   QStringLiteral("a batch holds at most %1 ops; this one has %2")
                                       .arg(m_config.limits.maxBatchOps)
                                       .arg(decoded->items.size()));
    // The same rule as on resolve and review: 1 to 200 visible ASCII characters.
    auto key = IdempotentReplies::headerKey(request);
    if (!key)
        return HttpResponse::fromError(key.error());
    auto response = m_push.push(*caller, *decoded, *key, request.body);
    if (!response)
        return HttpResponse::fromError(response.error());
    HttpResponse http;
    http.body = std::move(*response); // PushResponse JSON written by PushService
    return http;
}

HttpResponse Api::pull(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    int limit = m_config.limits.pullPageSize;
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1)
            return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                       QStringLiteral("limit is a positive number"));
        // A device may ask for more than this server serves at once: it gets a full page
        // and has_more, not an error (devices tune their page size, servers their limit).
        limit = qMin(limit, m_config.limits.maxPullPageSize);
    }
    auto page = m_pull.pull(*caller, request.query.queryItemValue(QStringLiteral("cursor")), limit);
    if (!page)
        return HttpResponse::fromError(page.error());
    HttpResponse response;
    response.body = std::move(*page); // JSON written by PullService
    return response;
}

HttpResponse Api::review(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    if (caller->supervisedTeams().isEmpty()) // who is asking, before what they ask
        return HttpResponse::error(403, QStringLiteral("forbidden"),
                                   QStringLiteral("only supervisors and admins review"));
    auto body = jsonBody(request);
    if (!body)
        return HttpResponse::fromError(body.error());
    const JsonReader reader(*body, QStringLiteral("invalid_request"));
    if (auto known = reader.onlyKnown({QStringLiteral("decision"), QStringLiteral("comment")});
        !known)
        return HttpResponse::fromError(known.error());
    auto decision = reader.string(QStringLiteral("decision"));
    if (!decision)
        return HttpResponse::fromError(decision.error());
    auto comment = reader.optionalString(QStringLiteral("comment"));
    if (!comment)
        return HttpResponse::fromError(comment.error());
    auto key = IdempotentReplies::fromRequest(request, caller->deviceId);
    if (!key)
        return HttpResponse::fromError(key.error());
    auto reply = m_review.review(*caller, request.params.value(0), *decision, *comment, *key);
    if (!reply)
        return HttpResponse::fromError(reply.error());
    return idempotentAnswer(request, *reply);
}

HttpResponse Api::conflicts(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    if (caller->supervisedTeams().isEmpty())
        return HttpResponse::error(403, QStringLiteral("forbidden"),
                                   QStringLiteral("only supervisors see the conflict log"));
    ConflictQuery query;
    query.status = request.query.queryItemValue(QStringLiteral("status"));
    if (!query.status.isEmpty() && query.status != QStringLiteral("open") &&
        query.status != QStringLiteral("auto_resolved") &&
        query.status != QStringLiteral("resolved"))
        return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("status is open, auto_resolved or resolved"));
    const QString order = request.query.queryItemValue(QStringLiteral("order"));
    if (!order.isEmpty() && order != QStringLiteral("asc") && order != QStringLiteral("desc"))
        return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("order is asc or desc"));
    query.descending = order == QStringLiteral("desc");
    bool afterOk = true;
    bool limitOk = true;
    const QString afterText = request.query.queryItemValue(QStringLiteral("after"));
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    query.afterId = afterText.isEmpty() ? 0 : afterText.toLongLong(&afterOk);
    query.limit = limitText.isEmpty() ? ConflictQuery::kDefaultLimit : limitText.toInt(&limitOk);
    if (!afterOk || !limitOk || query.afterId < 0 || query.limit < 1 ||
        query.limit > ConflictQuery::kMaxLimit)
        return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("after is a conflict id, limit from 1 to %1")
                                       .arg(ConflictQuery::kMaxLimit));
    auto page = m_conflicts.list(*caller, query);
    if (!page)
        return HttpResponse::fromError(page.error());
    QJsonArray array;
    for (const auto &conflict : page->conflicts)
        array.append(conflict.toJson());
    QJsonObject body{{QStringLiteral("conflicts"), array},
                     {QStringLiteral("has_more"), page->hasMore}};
    if (page->hasMore)
        body.insert(QStringLiteral("next_after"), static_cast<double>(page->conflicts.back().id));
    return HttpResponse::json(200, body);
}

HttpResponse Api::resolveConflict(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    if (caller->supervisedTeams().isEmpty())
        return HttpResponse::error(403, QStringLiteral("forbidden"),
                                   QStringLiteral("only supervisors and admins resolve conflicts"));
    bool idOk = false;
    const qint64 id = request.params.value(0).toLongLong(&idOk);
    if (!idOk || id <= 0)
        return HttpResponse::error(404, QStringLiteral("not_found"),
                                   QStringLiteral("no such conflict"));
    auto body = jsonBody(request);
    if (!body)
        return HttpResponse::fromError(body.error());
    const JsonReader reader(*body, QStringLiteral("invalid_request"));
    if (auto known = reader.onlyKnown({QStringLiteral("values"), QStringLiteral("delete")}); !known)
        return HttpResponse::fromError(known.error());
    QJsonObject values;
    if (body->contains(QStringLiteral("values"))) {
        auto v = reader.object(QStringLiteral("values"));
        if (!v)
            return HttpResponse::fromError(v.error());
        values = *v;
    }
    auto deleteRecord = reader.optionalBool(QStringLiteral("delete"), false);
    if (!deleteRecord)
        return HttpResponse::fromError(deleteRecord.error());
    auto key = IdempotentReplies::fromRequest(request, caller->deviceId);
    if (!key)
        return HttpResponse::fromError(key.error());
    auto reply = m_conflicts.resolve(*caller, id, values, *deleteRecord, *key);
    if (!reply) {
        if (reply.error().code == QStringLiteral("validation_failed"))
            return HttpResponse::error(422, reply.error().code, reply.error().message);
        return HttpResponse::fromError(reply.error());
    }
    return idempotentAnswer(request, *reply);
}

HttpResponse Api::audit(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    if (!caller->isAdmin()) {
        qCWarning(lcServer).noquote() << "user" << caller->username << "may not read the audit log";
        return HttpResponse::error(403, QStringLiteral("forbidden"),
                                   QStringLiteral("only admins read the audit log"));
    }
    bool ok = true;
    const QString afterText = request.query.queryItemValue(QStringLiteral("after"));
    const qint64 after = afterText.isEmpty() ? 0 : afterText.toLongLong(&ok);
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    bool limitOk = true;
    const int limit = limitText.isEmpty() ? 500 : limitText.toInt(&limitOk);
    if (!ok || !limitOk || after < 0 || limit < 1 || limit > 5000)
        return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("after is a number, limit from 1 to 5000"));
    auto entries =
        AuditLog::query(m_store, caller->orgId,
                        request.query.queryItemValue(QStringLiteral("record_id")), after, limit);
    if (!entries)
        return HttpResponse::fromError(entries.error());
    return HttpResponse::json(200, {{QStringLiteral("entries"), *entries}});
}

HttpResponse Api::exportForm(const HttpRequest &request)
{
    auto caller = m_auth.authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    auto db = m_store->database();
    if (!db)
        return HttpResponse::fromError(db.error());
    const QString formId = request.params.value(0);
    auto access = FormCatalog::access(*db, *caller, formId);
    if (!access)
        return HttpResponse::fromError(access.error());
    if (!access->has_value())
        return HttpResponse::error(404, QStringLiteral("not_found"),
                                   QStringLiteral("no form \"%1\"").arg(formId.left(64)));
    if (!caller->supervises((*access)->teamId))
        return HttpResponse::error(403, QStringLiteral("forbidden"),
                                   QStringLiteral("only supervisors and admins export"));
    const QString format = request.query.queryItemValue(QStringLiteral("format"));
    auto data = Exporter::exportForm(m_store, caller->orgId, formId,
                                     format.isEmpty() ? QStringLiteral("csv") : format);
    if (!data)
        return HttpResponse::fromError(data.error());
    HttpResponse response;
    response.contentType =
        format == QStringLiteral("geojson") ? "application/geo+json" : "text/csv; charset=utf-8";
    response.body = *data;
    return response;
}

} // namespace outpost
