// Attachment uploads over tus 1.0.0 (core, creation, checksum with sha1 and sha256,
// termination, expiration) and downloads with Range. An upload is bound to an attachment that
// a record declared ({id, sha256, size, type, name}); its resource is
// /api/v1/uploads/<attachment id>. A PATCH body is at most limits.max_upload_chunk_bytes
// (announced in OPTIONS as Outpost-Max-Chunk-Size) and goes straight to
// DATA_DIR/uploads/<id>.part; the file is complete (moved to DATA_DIR/attachments/<id>) only
// when its sha256 matches the declaration.
#pragma once

#include "httprequest.h"
#include "httpresponse.h"
#include "serverconfig.h"

namespace outpost {

class AuthService;
class Router;
class ServerStore;

class TusApi
{
public:
    // store and auth: not owned.
    TusApi(ServerStore *store, AuthService *auth, const ServerConfig &config);

    void registerRoutes(Router &router);

private:
    HttpResponse options(const HttpRequest &request);
    HttpResponse create(const HttpRequest &request);
    HttpResponse head(const HttpRequest &request);
    HttpResponse patch(const HttpRequest &request);
    HttpResponse terminate(const HttpRequest &request);
    HttpResponse download(const HttpRequest &request);

    QString partPath(const QString &id) const;
    QString completePath(const QString &id) const;

    ServerStore *m_store;
    AuthService *m_auth;
    ServerConfig m_config;
};

} // namespace outpost
