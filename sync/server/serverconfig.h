// The server's one configuration file, DATA_DIR/outpost-server.json (documented in
// docs/protocol.md, "Configuration"). Every member is optional; absent ones take the defaults
// below.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "result.h"

namespace outpost {

struct DatabaseConfig
{
    QString driver = QStringLiteral("sqlite");   // "sqlite" or "postgres"
    QString path = QStringLiteral("outpost.db"); // sqlite: relative to the data directory
    QString host = QStringLiteral("127.0.0.1");  // postgres
    int port = 5432;
    QString name = QStringLiteral("outpost");
    QString user = QStringLiteral("outpost");
    QString password; // never logged
    // sqlite: WAL pages (of 4 KiB) after which the background checkpointer copies the log
    // into the database file (walcheckpointer.h).
    int walCheckpointPages = 4000;
};

struct ServerLimitsConfig
{
    qint64 maxBodyBytes = 4 * 1024 * 1024;
    qint64 maxHeaderBytes = 16 * 1024;
    int maxBatchOps = 500;
    int idleTimeoutMs = 30000;
    int requestTimeoutMs = 60000;
    int maxConcurrentRequests = 4;
    int maxQueuedRequests = 16;
    int retryAfterSeconds = 2;
    int pullPageSize = 500;
    int maxPullPageSize = 5000;
    qint64 maxUploadChunkBytes = 8 * 1024 * 1024; // one tus PATCH body at most
    qint64 maxAttachmentBytes = 2LL * 1024 * 1024 * 1024;
    int uploadExpirySeconds = 24 * 3600; // an unfinished upload is discarded after this
    int sweepIntervalSeconds = 300;      // how often Sweeper discards what expired
    // Upload chunks are written past the page cache (O_DIRECT) where the file system allows
    // it (sync/server/chunkreceiver.h); false: always through the page cache.
    bool directUploadWrites = true;
};

// Failed sign-ins (SignInLimiter): after maxFailuresPerUser failures for one user name, or
// maxFailuresPerAddress from one client address, within windowSeconds, sign-in for that name
// or address answers 429 for blockSeconds, doubling with each further failure up to
// maxBlockSeconds. maxFailures 0 turns that limit off.
struct SignInLimitConfig
{
    int maxFailuresPerUser = 5;
    int maxFailuresPerAddress = 50;
    int windowSeconds = 900;
    int blockSeconds = 60;
    int maxBlockSeconds = 900;
    // Reverse proxies whose X-Forwarded-For names the client (exact addresses). Empty: the
    // peer address is the client, and X-Forwarded-For is ignored.
    QStringList trustedProxies;
};

struct AuthConfig
{
    qint64 accessTokenTtlSeconds = 3600;
    qint64 refreshTokenTtlSeconds = 30LL * 24 * 3600;
    // Argon2id cost: "interactive", "moderate" or "sensitive" (libsodium's presets).
    QString passwordCost = QStringLiteral("interactive");
    // A device's last_seen_at is written at most once per this interval (seconds).
    qint64 lastSeenIntervalSeconds = 60;
    SignInLimitConfig signInLimit;
    // The sha256 (64 lower-case hex digits) of a bearer token that may read /metrics (and
    // nothing else), for a Prometheus scraper; `outpost-server metrics-token` makes one.
    // Empty: only admins' access tokens read /metrics.
    QString metricsTokenSha256;
};

struct TlsConfig
{
    QString certificateFile; // PEM, may hold the chain; relative to the data directory
    QString keyFile;         // PEM private key (unencrypted); relative to the data directory
    bool enabled() const { return !certificateFile.isEmpty(); }
};

struct ServerConfig
{
    QString dataDir;
    QString listen = QStringLiteral("127.0.0.1:8080"); // host:port; port 0 picks a free one
    QString organisation = QStringLiteral("default");
    DatabaseConfig database;
    ServerLimitsConfig limits;
    AuthConfig auth;
    TlsConfig tls;

    static QString fileName(const QString &dataDir);
    // Reads DATA_DIR/outpost-server.json; a missing file gives the defaults.
    static Result<ServerConfig> load(const QString &dataDir);
    static Result<ServerConfig> fromJson(const QJsonObject &json, const QString &dataDir);
    QJsonObject toJson() const;
    Status save() const; // writes the file (with mode 0600: it may hold a password)
    QString sqlitePath() const;
};

} // namespace outpost
