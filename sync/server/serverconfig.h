// The server's one configuration file, DATA_DIR/outpost-server.json (documented in
// docs/protocol.md, "Configuration"). Every member is optional; absent ones take the defaults
// below.
#pragma once

#include <QJsonObject>
#include <QString>

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
};

struct AuthConfig
{
    qint64 accessTokenTtlSeconds = 3600;
    qint64 refreshTokenTtlSeconds = 30LL * 24 * 3600;
    // Argon2id cost: "interactive", "moderate" or "sensitive" (libsodium's presets).
    QString passwordCost = QStringLiteral("interactive");
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
