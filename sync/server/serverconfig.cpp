#include "serverconfig.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include "jsonreader.h"

namespace outpost {

namespace {

Error configError(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_config"), message);
}

template<typename T>
Status readInt(const JsonReader &reader, const QString &key, qint64 min, qint64 max, T *out)
{
    auto value = reader.optionalInteger(key, min, max, static_cast<qint64>(*out));
    if (!value)
        return value.error();
    *out = static_cast<T>(*value);
    return {};
}

Status readString(const JsonReader &reader, const QString &key, QString *out)
{
    auto value = reader.optionalString(key, *out);
    if (!value)
        return value.error();
    *out = *value;
    return {};
}

} // namespace

QString ServerConfig::fileName(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("outpost-server.json"));
}

Result<ServerConfig> ServerConfig::load(const QString &dataDir)
{
    QFile file(fileName(dataDir));
    if (!file.exists()) {
        ServerConfig config;
        config.dataDir = dataDir;
        return config;
    }
    if (!file.open(QIODevice::ReadOnly))
        return configError(QStringLiteral("cannot read %1").arg(file.fileName()));
    // The file is JSON plus whole-line comments ("// ..."), so that the packaged
    // /etc/outpost/server.conf can explain every key. A comment line becomes an empty line:
    // parse error offsets still point into the file as written.
    QByteArray text = file.readAll();
    QList<QByteArray> lines = text.split('\n');
    for (QByteArray &line : lines) {
        if (line.trimmed().startsWith("//"))
            line.fill(' ');
    }
    text = lines.join('\n');
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return configError(QStringLiteral("%1 is not a JSON object: %2")
                               .arg(file.fileName(), parseError.errorString()));
    return fromJson(doc.object(), dataDir);
}

Result<ServerConfig> ServerConfig::fromJson(const QJsonObject &json, const QString &dataDir)
{
    ServerConfig config;
    config.dataDir = dataDir;
    const JsonReader top(json, QStringLiteral("invalid_config"));
    if (auto s = top.onlyKnown({QStringLiteral("listen"), QStringLiteral("organisation"),
                                QStringLiteral("database"), QStringLiteral("limits"),
                                QStringLiteral("auth"), QStringLiteral("tls")});
        !s)
        return s.error();
    if (auto s = readString(top, QStringLiteral("listen"), &config.listen); !s)
        return s.error();
    if (auto s = readString(top, QStringLiteral("organisation"), &config.organisation); !s)
        return s.error();

    const JsonReader db(json.value(QStringLiteral("database")).toObject(),
                        QStringLiteral("invalid_config"));
    for (auto [key, target] : {std::pair{QStringLiteral("driver"), &config.database.driver},
                               std::pair{QStringLiteral("path"), &config.database.path},
                               std::pair{QStringLiteral("host"), &config.database.host},
                               std::pair{QStringLiteral("name"), &config.database.name},
                               std::pair{QStringLiteral("user"), &config.database.user},
                               std::pair{QStringLiteral("password"), &config.database.password}}) {
        if (auto s = readString(db, key, target); !s)
            return s.error();
    }
    if (auto s = readInt(db, QStringLiteral("port"), 1, 65535, &config.database.port); !s)
        return s.error();
    if (auto s = readInt(db, QStringLiteral("wal_checkpoint_pages"), 1, 1000000,
                         &config.database.walCheckpointPages);
        !s)
        return s.error();
    if (config.database.driver != QStringLiteral("sqlite") &&
        config.database.driver != QStringLiteral("postgres"))
        return configError(QStringLiteral("database.driver must be \"sqlite\" or \"postgres\""));

    const JsonReader limits(json.value(QStringLiteral("limits")).toObject(),
                            QStringLiteral("invalid_config"));
    auto &l = config.limits;
    const qint64 big = 1LL << 40;
    for (auto [key, target] :
         {std::pair{QStringLiteral("max_body_bytes"), &l.maxBodyBytes},
          std::pair{QStringLiteral("max_header_bytes"), &l.maxHeaderBytes},
          std::pair{QStringLiteral("max_upload_chunk_bytes"), &l.maxUploadChunkBytes},
          std::pair{QStringLiteral("max_attachment_bytes"), &l.maxAttachmentBytes}}) {
        if (auto s = readInt(limits, key, 1024, big, target); !s)
            return s.error();
    }
    for (auto [key, target] :
         {std::pair{QStringLiteral("max_batch_ops"), &l.maxBatchOps},
          std::pair{QStringLiteral("idle_timeout_ms"), &l.idleTimeoutMs},
          std::pair{QStringLiteral("request_timeout_ms"), &l.requestTimeoutMs},
          std::pair{QStringLiteral("max_concurrent_requests"), &l.maxConcurrentRequests},
          std::pair{QStringLiteral("max_queued_requests"), &l.maxQueuedRequests},
          std::pair{QStringLiteral("retry_after_seconds"), &l.retryAfterSeconds},
          std::pair{QStringLiteral("pull_page_size"), &l.pullPageSize},
          std::pair{QStringLiteral("max_pull_page_size"), &l.maxPullPageSize},
          std::pair{QStringLiteral("upload_expiry_s"), &l.uploadExpirySeconds}}) {
        if (auto s = readInt(limits, key, 0, 1 << 30, target); !s)
            return s.error();
    }
    if (auto s = readInt(limits, QStringLiteral("sweep_interval_s"), 1, 1 << 30,
                         &l.sweepIntervalSeconds);
        !s)
        return s.error();
    auto direct = limits.optionalBool(QStringLiteral("upload_direct_io"), l.directUploadWrites);
    if (!direct)
        return direct.error();
    l.directUploadWrites = *direct;

    const JsonReader auth(json.value(QStringLiteral("auth")).toObject(),
                          QStringLiteral("invalid_config"));
    if (auto s = readInt(auth, QStringLiteral("access_token_ttl_s"), 1, big,
                         &config.auth.accessTokenTtlSeconds);
        !s)
        return s.error();
    if (auto s = readInt(auth, QStringLiteral("refresh_token_ttl_s"), 1, big,
                         &config.auth.refreshTokenTtlSeconds);
        !s)
        return s.error();
    if (auto s = readString(auth, QStringLiteral("password_cost"), &config.auth.passwordCost); !s)
        return s.error();
    if (auto s = readInt(auth, QStringLiteral("last_seen_interval_s"), 0, big,
                         &config.auth.lastSeenIntervalSeconds);
        !s)
        return s.error();
    auto &limit = config.auth.signInLimit;
    for (auto [key, target] :
         {std::pair{QStringLiteral("signin_max_failures_per_user"), &limit.maxFailuresPerUser},
          std::pair{QStringLiteral("signin_max_failures_per_address"),
                    &limit.maxFailuresPerAddress},
          std::pair{QStringLiteral("signin_window_s"), &limit.windowSeconds},
          std::pair{QStringLiteral("signin_block_s"), &limit.blockSeconds},
          std::pair{QStringLiteral("signin_max_block_s"), &limit.maxBlockSeconds}}) {
        if (auto s = readInt(auth, key, 0, 1 << 30, target); !s)
            return s.error();
    }
    if (json.value(QStringLiteral("auth")).toObject().contains(QStringLiteral("trusted_proxies"))) {
        auto proxies = auth.array(QStringLiteral("trusted_proxies"));
        if (!proxies)
            return proxies.error();
        for (const QJsonValue &proxy : *proxies) {
            if (QHostAddress(proxy.toString()).isNull())
                return configError(QStringLiteral("auth.trusted_proxies holds IP addresses"));
            limit.trustedProxies.append(proxy.toString());
        }
    }
    if (auto s = readString(auth, QStringLiteral("metrics_token_sha256"),
                            &config.auth.metricsTokenSha256);
        !s)
        return s.error();
    config.auth.metricsTokenSha256 = config.auth.metricsTokenSha256.toLower();
    static const QRegularExpression sha256Hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!config.auth.metricsTokenSha256.isEmpty() &&
        !sha256Hex.match(config.auth.metricsTokenSha256).hasMatch())
        return configError(QStringLiteral("auth.metrics_token_sha256 is the sha256 of the metrics "
                                          "token (64 hex digits), never the token itself; "
                                          "`outpost-server metrics-token` makes one"));
    const JsonReader tls(json.value(QStringLiteral("tls")).toObject(),
                         QStringLiteral("invalid_config"));
    if (auto s = readString(tls, QStringLiteral("certificate"), &config.tls.certificateFile); !s)
        return s.error();
    if (auto s = readString(tls, QStringLiteral("key"), &config.tls.keyFile); !s)
        return s.error();
    if (config.tls.certificateFile.isEmpty() != config.tls.keyFile.isEmpty())
        return configError(QStringLiteral("tls needs both \"certificate\" and \"key\""));
    return config;
}

QJsonObject ServerConfig::toJson() const
{
    QJsonObject db{{QStringLiteral("driver"), database.driver}};
    if (database.driver == QStringLiteral("sqlite")) {
        db.insert(QStringLiteral("path"), database.path);
        db.insert(QStringLiteral("wal_checkpoint_pages"), database.walCheckpointPages);
    } else {
        db.insert(QStringLiteral("host"), database.host);
        db.insert(QStringLiteral("port"), database.port);
        db.insert(QStringLiteral("name"), database.name);
        db.insert(QStringLiteral("user"), database.user);
        db.insert(QStringLiteral("password"), database.password);
    }
    const auto &l = limits;
    QJsonObject json{
        {QStringLiteral("listen"), listen},
        {QStringLiteral("organisation"), organisation},
        {QStringLiteral("database"), db},
        {QStringLiteral("limits"),
         QJsonObject{
             {QStringLiteral("max_body_bytes"), static_cast<double>(l.maxBodyBytes)},
             {QStringLiteral("max_header_bytes"), static_cast<double>(l.maxHeaderBytes)},
             {QStringLiteral("max_batch_ops"), l.maxBatchOps},
             {QStringLiteral("idle_timeout_ms"), l.idleTimeoutMs},
             {QStringLiteral("request_timeout_ms"), l.requestTimeoutMs},
             {QStringLiteral("max_concurrent_requests"), l.maxConcurrentRequests},
             {QStringLiteral("max_queued_requests"), l.maxQueuedRequests},
             {QStringLiteral("retry_after_seconds"), l.retryAfterSeconds},
             {QStringLiteral("pull_page_size"), l.pullPageSize},
             {QStringLiteral("max_pull_page_size"), l.maxPullPageSize},
             {QStringLiteral("max_upload_chunk_bytes"), static_cast<double>(l.maxUploadChunkBytes)},
             {QStringLiteral("max_attachment_bytes"), static_cast<double>(l.maxAttachmentBytes)},
             {QStringLiteral("upload_expiry_s"), l.uploadExpirySeconds},
             {QStringLiteral("sweep_interval_s"), l.sweepIntervalSeconds},
             {QStringLiteral("upload_direct_io"), l.directUploadWrites}}},
        {QStringLiteral("auth"),
         QJsonObject{
             {QStringLiteral("access_token_ttl_s"),
              static_cast<double>(auth.accessTokenTtlSeconds)},
             {QStringLiteral("refresh_token_ttl_s"),
              static_cast<double>(auth.refreshTokenTtlSeconds)},
             {QStringLiteral("password_cost"), auth.passwordCost},
             {QStringLiteral("last_seen_interval_s"),
              static_cast<double>(auth.lastSeenIntervalSeconds)},
             {QStringLiteral("signin_max_failures_per_user"), auth.signInLimit.maxFailuresPerUser},
             {QStringLiteral("signin_max_failures_per_address"),
              auth.signInLimit.maxFailuresPerAddress},
             {QStringLiteral("signin_window_s"), auth.signInLimit.windowSeconds},
             {QStringLiteral("signin_block_s"), auth.signInLimit.blockSeconds},
             {QStringLiteral("signin_max_block_s"), auth.signInLimit.maxBlockSeconds},
             {QStringLiteral("trusted_proxies"),
              QJsonArray::fromStringList(auth.signInLimit.trustedProxies)},
             {QStringLiteral("metrics_token_sha256"), auth.metricsTokenSha256}}}};
    if (tls.enabled())
        json.insert(QStringLiteral("tls"),
                    QJsonObject{{QStringLiteral("certificate"), tls.certificateFile},
                                {QStringLiteral("key"), tls.keyFile}});
    return json;
}

Status ServerConfig::save() const
{
    QFile file(fileName(dataDir));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return configError(QStringLiteral("cannot write %1").arg(file.fileName()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    return {};
}

QString ServerConfig::sqlitePath() const
{
    return QDir(dataDir).absoluteFilePath(database.path);
}

} // namespace outpost
