// Attachment uploads over tus 1.0.0 (core, creation, checksum with sha1 and sha256,
// termination, expiration) and downloads with Range. An upload is bound to an attachment that
// a record declared ({id, sha256, size, type, name}); its resource is
// /api/v1/uploads/<attachment id>. A PATCH body is at most limits.max_upload_chunk_bytes
// (announced in OPTIONS as Outpost-Max-Chunk-Size) and goes straight to
// DATA_DIR/uploads/<id>.part (fdatasync'd before the new offset is committed, one writer per
// upload under an flock); the file is complete (moved to DATA_DIR/attachments/<id>) only
// when its sha256 matches the declaration — a running digest kept as chunks arrive
// (UploadDigests), or the file read again when this process did not see every chunk.
#pragma once

#include <memory>
#include <optional>

#include "httprequest.h"
#include "httpresponse.h"
#include "serverconfig.h"
#include "uploaddigests.h"

namespace outpost {

class AuthService;
class Metrics;
class Router;
struct AttachmentRow;
class ServerStore;

class TusApi
{
public:
    // store, auth and metrics: not owned.
    TusApi(ServerStore *store, AuthService *auth, Metrics *metrics, const ServerConfig &config);

    void registerRoutes(Router &router);

private:
    HttpResponse options(const HttpRequest &request);
    HttpResponse create(const HttpRequest &request);
    HttpResponse head(const HttpRequest &request);
    HttpResponse patch(const HttpRequest &request);
    HttpResponse terminate(const HttpRequest &request);
    // Every byte of row's upload is written: check the whole file's sha256 (wholeFile, else
    // by reading it) and move it into place, or start the upload again. nullopt: complete.
    std::optional<HttpResponse> complete(const AttachmentRow &row,
                                         std::unique_ptr<Sha256> wholeFile);
    // An upload whose every byte is acknowledged but that is not complete (an empty file:
    // nothing to PATCH; or the server stopped between committing the last offset and
    // completing): completed now, under the upload's lock, as the last PATCH would have. row
    // is read again afterwards (a file that did not match starts again at 0). nullopt: go on.
    std::optional<HttpResponse> completeIfAllThere(AttachmentRow &row);
    HttpResponse download(const HttpRequest &request);

    QString partPath(const QString &id) const;
    QString completePath(const QString &id) const;

    ServerStore *m_store;
    AuthService *m_auth;
    Metrics *m_metrics;
    ServerConfig m_config;
    UploadDigests m_digests;
};

} // namespace outpost
