#include "tusapi.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QUuid>

#include <QFileInfo>

#include <optional>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "attachmentstore.h"
#include "authservice.h"
#include "chunkreceiver.h"
#include "durability.h"
#include "metrics.h"
#include "router.h"
#include "serverlogging.h"
#include "serverstore.h"
#include "sha256.h"
#include "tusheaders.h"

namespace outpost {

namespace {

const QByteArray kTusVersion = "1.0.0";

HttpResponse tus(HttpResponse response)
{
    response.addHeader("Tus-Resumable", kTusVersion);
    return response;
}

HttpResponse tusError(int status, const char *code, const QString &message)
{
    return tus(HttpResponse::error(status, QString::fromLatin1(code), message));
}

HttpResponse tusError(const Error &error)
{
    HttpResponse response = tus(HttpResponse::fromError(error));
    if (response.status == 412)
        response.addHeader("Tus-Version", kTusVersion);
    return response;
}

HttpResponse empty(int status)
{
    HttpResponse response;
    response.status = status;
    response.contentType.clear();
    return tus(response);
}

QByteArray httpDate(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

Result<QByteArray> fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::transientError(QStringLiteral("storage_error"),
                                     QStringLiteral("cannot read the upload"));
    Sha256 hash; // libcrypto: this is the slowest step of a large upload
    if (!hash.addData(file))
        return Error::transientError(QStringLiteral("storage_error"),
                                     QStringLiteral("cannot read the upload"));
    return hash.result().toHex();
}

} // namespace

TusApi::TusApi(ServerStore *store, AuthService *auth, Metrics *metrics, const ServerConfig &config)
    : m_store(store), m_auth(auth), m_metrics(metrics), m_config(config)
{
    QDir(config.dataDir).mkpath(QStringLiteral("uploads"));
    QDir(config.dataDir).mkpath(QStringLiteral("attachments"));
}

QString TusApi::partPath(const QString &id) const
{
    return AttachmentStore::partPath(m_config.dataDir, id);
}

QString TusApi::completePath(const QString &id) const
{
    return AttachmentStore::completePath(m_config.dataDir, id);
}

void TusApi::registerRoutes(Router &router)
{
    auto bind = [this](HttpResponse (TusApi::*method)(const HttpRequest &)) {
        return [this, method](const HttpRequest &request) {
            HttpResponse response = (this->*method)(request);
            ServerStore::finishStatements();
            return response;
        };
    };
    // OPTIONS is tus discovery: public, as the protocol has clients ask before they sign in.
    router.add("OPTIONS", QStringLiteral("/api/v1/uploads"), Access::Public, bind(&TusApi::options),
               Execution::Inline);
    router.add("POST", QStringLiteral("/api/v1/uploads"), Access::Device, bind(&TusApi::create))
        .body = Body::Tus;
    router.add("HEAD", QStringLiteral("/api/v1/uploads/{id}"), Access::Device, bind(&TusApi::head));
    Route &patch = router.add("PATCH", QStringLiteral("/api/v1/uploads/{id}"), Access::Device,
                              bind(&TusApi::patch));
    patch.body = Body::Tus;
    patch.streamsBody = true; // started at the head; reads the chunk as it arrives
    router.add("DELETE", QStringLiteral("/api/v1/uploads/{id}"), Access::Device,
               bind(&TusApi::terminate));
    router.add("OPTIONS", QStringLiteral("/api/v1/uploads/{id}"), Access::Public,
               bind(&TusApi::options), Execution::Inline);
    router.add("GET", QStringLiteral("/api/v1/attachments/{id}"), Access::Device,
               bind(&TusApi::download));
}

HttpResponse TusApi::options(const HttpRequest &)
{
    HttpResponse response = empty(204);
    response.addHeader("Tus-Version", kTusVersion);
    response.addHeader("Tus-Extension", "creation,checksum,termination,expiration");
    response.addHeader("Tus-Checksum-Algorithm", tusheaders::kChecksumAlgorithms);
    response.addHeader("Tus-Max-Size", QByteArray::number(m_config.limits.maxAttachmentBytes));
    response.addHeader("Outpost-Max-Chunk-Size",
                       QByteArray::number(m_config.limits.maxUploadChunkBytes));
    return response;
}

HttpResponse TusApi::create(const HttpRequest &request)
{
    // Who is asking comes first: nothing about the request is answered to a stranger.
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    if (auto s = tusheaders::checkTusResumable(request.header("tus-resumable")); !s)
        return tusError(s.error());
    if (request.header("upload-length").isEmpty())
        return tusError(400, "invalid_request",
                        QStringLiteral("Upload-Length is required (deferred lengths are not "
                                       "supported)"));
    auto length = tusheaders::parseUploadLength(request.header("upload-length"));
    if (!length)
        return tusError(length.error());
    if (*length > m_config.limits.maxAttachmentBytes)
        return tusError(413, "payload_too_large",
                        QStringLiteral("attachments hold at most %1 bytes")
                            .arg(m_config.limits.maxAttachmentBytes));
    auto metadata = tusheaders::parseUploadMetadata(request.header("upload-metadata"));
    if (!metadata)
        return tusError(metadata.error());
    if (!metadata->contains("attachment_id"))
        return tusError(400, "invalid_request",
                        QStringLiteral("Upload-Metadata needs attachment_id (the base64 of the "
                                       "attachment's id)"));
    const QString id = QString::fromLatin1(metadata->value("attachment_id"));
    auto row = AttachmentStore::find(m_store, *caller, id);
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (row->size != *length)
        return tusError(400, "length_mismatch",
                        QStringLiteral("the record declared %1 bytes, Upload-Length is %2")
                            .arg(row->size)
                            .arg(*length));
    qint64 expires = row->expiresAtMs;
    if (!row->complete && (expires == 0 || expires < nowMs())) {
        QFile::remove(partPath(row->id));
        if (auto s = AttachmentStore::reset(m_store, row->id); !s)
            return tus(HttpResponse::fromError(s.error()));
        row->offset = 0;
        expires = nowMs() + qint64(m_config.limits.uploadExpirySeconds) * 1000;
        if (auto s = AttachmentStore::setExpiry(m_store, row->id, expires); !s)
            return tus(HttpResponse::fromError(s.error()));
    }
    row->expiresAtMs = expires;
    if (auto failed = completeIfAllThere(*row))
        return *failed;
    HttpResponse response = empty(201);
    // Where the upload stands (0 for a new one; creating again keeps the bytes already there),
    // as HEAD would say: a client need not ask before its first PATCH.
    response.addHeader("Upload-Offset",
                       QByteArray::number(row->complete ? row->size : row->offset));
    response.addHeader("Location", "/api/v1/uploads/" + row->id.toLatin1());
    if (!row->complete)
        response.addHeader("Upload-Expires", httpDate(expires));
    return response;
}

HttpResponse TusApi::head(const HttpRequest &request)
{
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    auto row = AttachmentStore::find(m_store, *caller, request.params.value(0));
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (!row->complete && row->expiresAtMs == 0)
        return tusError(404, "not_found", QStringLiteral("no upload started; POST first"));
    if (!row->complete && row->expiresAtMs < nowMs())
        return tusError(410, "upload_expired", QStringLiteral("the upload expired; POST again"));
    if (auto failed = completeIfAllThere(*row))
        return *failed;
    HttpResponse response = empty(200);
    response.addHeader("Upload-Offset",
                       QByteArray::number(row->complete ? row->size : row->offset));
    response.addHeader("Upload-Length", QByteArray::number(row->size));
    response.addHeader("Cache-Control", "no-store");
    if (!row->complete)
        response.addHeader("Upload-Expires", httpDate(row->expiresAtMs));
    return response;
}

HttpResponse TusApi::patch(const HttpRequest &request)
{
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    if (auto s = tusheaders::checkTusResumable(request.header("tus-resumable")); !s)
        return tusError(s.error());
    if (auto s = tusheaders::checkPatchContentType(request.header("content-type")); !s)
        return tusError(s.error());
    auto offset = tusheaders::parseUploadOffset(request.header("upload-offset"));
    if (!offset)
        return tusError(offset.error());
    std::optional<tusheaders::Checksum> checksum;
    if (!request.header("upload-checksum").isEmpty()) {
        auto parsed = tusheaders::parseUploadChecksum(request.header("upload-checksum"));
        if (!parsed)
            return tusError(parsed.error());
        checksum = *parsed;
    }
    auto row = AttachmentStore::find(m_store, *caller, request.params.value(0));
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (row->complete)
        return tusError(409, "offset_mismatch", QStringLiteral("the upload is complete"));
    if (row->expiresAtMs == 0)
        return tusError(404, "not_found", QStringLiteral("no upload started; POST first"));
    if (row->expiresAtMs < nowMs())
        return tusError(410, "upload_expired", QStringLiteral("the upload expired; POST again"));
    if (*offset != row->offset)
        return tusError(409, "offset_mismatch",
                        QStringLiteral("the upload is at offset %1").arg(row->offset));
    // The body's size is known from Content-Length before a byte of it is read: a refusal
    // here is answered at once (the connection then closes, the body unread).
    const qint64 chunkBytes = request.bodyStream ? request.contentLength : request.body.size();
    if (chunkBytes > m_config.limits.maxUploadChunkBytes)
        return tusError(413, "payload_too_large",
                        QStringLiteral("a chunk holds at most %1 bytes")
                            .arg(m_config.limits.maxUploadChunkBytes));
    if (*offset + chunkBytes > row->size)
        return tusError(400, "exceeds_length", QStringLiteral("the chunk goes past Upload-Length"));
    // The running sha256 of bytes [0, offset) if this process wrote them all in this upload
    // generation (else null: the whole file is read again at the end).
    std::unique_ptr<Sha256> wholeFile = m_digests.take(row->id, *offset, row->expiresAtMs);
    const QString part = partPath(row->id);
    QFile file(part);
    if (!file.open(QIODevice::ReadWrite)) {
        qCWarning(lcServer).noquote() << "cannot open upload" << row->id << file.errorString();
        return tusError(503, "storage_error", QStringLiteral("cannot store the chunk; retry"));
    }
    // One writer per upload at a time, across threads and server processes: the offset is
    // checked again under the lock, so a request that lost a race never overwrites bytes
    // another one already acknowledged.
    if (::flock(file.handle(), LOCK_EX) != 0)
        return tusError(503, "storage_error", QStringLiteral("cannot lock the upload; retry"));
    auto now = AttachmentStore::position(m_store, row->id);
    if (!now)
        return tus(HttpResponse::fromError(now.error()));
    if (now->complete || now->offset != *offset || now->expiresAtMs != row->expiresAtMs)
        return tusError(409, "offset_mismatch", QStringLiteral("another request moved the upload"));
    // Bytes past the offset are never acknowledged: a refused chunk left there is cut off by
    // the next PATCH (resize to its offset). The digest as it was at the chunk's start goes
    // back to the table if the chunk is refused, so the next attempt needs no re-read.
    std::unique_ptr<Sha256> atChunkStart = wholeFile ? wholeFile->clone() : nullptr;
    auto keepDigestOfStart = [&] {
        if (atChunkStart)
            m_digests.put(row->id, *offset, row->expiresAtMs, std::move(atChunkStart));
    };
    if (!file.resize(*offset)) {
        qCWarning(lcServer).noquote() << "cannot write upload" << row->id << file.errorString();
        keepDigestOfStart();
        return tusError(503, "storage_error", QStringLiteral("cannot store the chunk; retry"));
    }
    // The same file once more, for writes past the page cache where the file system takes
    // them (chunkreceiver.h); -1 (tmpfs, ...) writes through the page cache only.
    const int direct =
        m_config.limits.directUploadWrites
            ? ::open(QFile::encodeName(part).constData(), O_WRONLY | O_DIRECT | O_CLOEXEC)
            : -1;
    const ChunkReceiver::Result received =
        ChunkReceiver::receive(file.handle(), direct, *offset, request, checksum, wholeFile.get(),
                               m_config.limits.idleTimeoutMs);
    if (direct >= 0)
        ::close(direct);
    m_metrics->addUploadBytesDirect(received.directBytes);
    switch (received.outcome) {
    case ChunkReceiver::Outcome::Written:
        break;
    case ChunkReceiver::Outcome::ChecksumMismatch:
        keepDigestOfStart();
        return tusError(460, "checksum_mismatch",
                        QStringLiteral("the chunk does not match Upload-Checksum; it was "
                                       "discarded"));
    case ChunkReceiver::Outcome::BodyFailed:
        // Nothing is committed; the next PATCH from the same offset overwrites what came.
        qCInfo(lcServer).noquote()
            << "upload" << row->id << "chunk broke off after" << received.bytes << "of"
            << chunkBytes << "bytes:" << received.message;
        keepDigestOfStart();
        return tusError(408, "request_timeout",
                        QStringLiteral("the chunk did not arrive whole: %1").arg(received.message));
    case ChunkReceiver::Outcome::StorageFailed:
        qCWarning(lcServer).noquote() << "cannot write upload" << row->id << received.message;
        keepDigestOfStart();
        return tusError(503, "storage_error", QStringLiteral("cannot store the chunk; retry"));
    }
    // The bytes are on disk (fdatasync) before the offset that promises them is committed;
    // a newly created file's name is made durable once, with its first chunk.
    if (!durability::syncData(file) ||
        (*offset == 0 && !durability::syncDirectory(QFileInfo(part).absolutePath()))) {
        qCWarning(lcServer).noquote() << "cannot write upload" << row->id << file.errorString();
        keepDigestOfStart();
        return tusError(503, "storage_error", QStringLiteral("cannot store the chunk; retry"));
    }
    const qint64 newOffset = *offset + chunkBytes;
    auto advanced =
        AttachmentStore::advance(m_store, row->id, *offset, newOffset, row->expiresAtMs);
    if (!advanced)
        return tus(HttpResponse::fromError(advanced.error()));
    if (!*advanced)
        return tusError(409, "offset_mismatch", QStringLiteral("another request moved the upload"));
    if (newOffset < row->size) {
        if (wholeFile)
            m_digests.put(row->id, newOffset, row->expiresAtMs, std::move(wholeFile));
    } else if (auto failed = complete(*row, std::move(wholeFile))) {
        return *failed;
    }
    file.close(); // releases the lock, after a last chunk's check and move
    HttpResponse response = empty(204);
    response.addHeader("Upload-Offset", QByteArray::number(newOffset));
    if (newOffset < row->size)
        response.addHeader("Upload-Expires", httpDate(row->expiresAtMs));
    return response;
}

std::optional<HttpResponse> TusApi::complete(const AttachmentRow &row,
                                             std::unique_ptr<Sha256> wholeFile)
{
    const QString part = partPath(row.id);
    QByteArray sha;
    if (wholeFile) {
        sha = wholeFile->result().toHex();
    } else {
        // Some bytes were written before a restart or by another server process.
        auto read = fileSha256(part);
        if (!read)
            return tus(HttpResponse::fromError(read.error()));
        sha = *read;
        m_metrics->addUploadBytesRehashed(row.size);
    }
    if (QString::fromLatin1(sha) != row.sha256) {
        QFile::remove(part);
        if (auto s = AttachmentStore::reset(m_store, row.id); !s)
            return tus(HttpResponse::fromError(s.error()));
        // A new generation (a new expiry): no running digest of the old bytes can be reused.
        const qint64 expires = std::max(
            nowMs() + qint64(m_config.limits.uploadExpirySeconds) * 1000, row.expiresAtMs + 1);
        if (auto s = AttachmentStore::setExpiry(m_store, row.id, expires); !s)
            return tus(HttpResponse::fromError(s.error()));
        return tusError(460, "sha256_mismatch",
                        QStringLiteral("the file does not match the sha256 its record "
                                       "declared; the upload starts again"));
    }
    const QString destination = completePath(row.id);
    QFile::remove(destination);
    if (!QFile::rename(part, destination) ||
        !durability::syncDirectory(QFileInfo(destination).absolutePath()))
        return tusError(503, "storage_error", QStringLiteral("cannot store the file; retry"));
    if (auto s = AttachmentStore::markComplete(m_store, row.id); !s)
        return tus(HttpResponse::fromError(s.error()));
    qCInfo(lcServer).noquote() << "attachment" << row.id << "complete," << row.size << "bytes";
    return std::nullopt;
}

std::optional<HttpResponse> TusApi::completeIfAllThere(AttachmentRow &row)
{
    if (row.complete || row.offset != row.size || row.expiresAtMs == 0 || row.expiresAtMs < nowMs())
        return std::nullopt;
    const QString part = partPath(row.id);
    QDir().mkpath(QFileInfo(part).absolutePath());
    QFile file(part); // an empty file's part is made here
    if (!file.open(QIODevice::ReadWrite) || ::flock(file.handle(), LOCK_EX) != 0) {
        qCWarning(lcServer).noquote() << "cannot open upload" << row.id << file.errorString();
        return tusError(503, "storage_error", QStringLiteral("cannot finish the upload; retry"));
    }
    auto now = AttachmentStore::position(m_store, row.id);
    if (!now)
        return tus(HttpResponse::fromError(now.error()));
    if (!now->complete && now->offset == row.size && now->expiresAtMs == row.expiresAtMs) {
        std::unique_ptr<Sha256> wholeFile = m_digests.take(row.id, row.size, row.expiresAtMs);
        if (auto failed = complete(row, std::move(wholeFile)); failed && failed->status != 460)
            return failed; // a mismatch is no error here: the upload starts again
        now = AttachmentStore::position(m_store, row.id);
        if (!now)
            return tus(HttpResponse::fromError(now.error()));
    }
    row.complete = now->complete;
    row.offset = now->offset;
    row.expiresAtMs = now->expiresAtMs;
    return std::nullopt;
}

HttpResponse TusApi::terminate(const HttpRequest &request)
{
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    if (auto s = tusheaders::checkTusResumable(request.header("tus-resumable")); !s)
        return tusError(s.error());
    auto row = AttachmentStore::find(m_store, *caller, request.params.value(0));
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (row->complete)
        return tusError(409, "invalid_state", QStringLiteral("a complete attachment stays"));
    QFile::remove(partPath(row->id));
    m_digests.forget(row->id);
    if (auto s = AttachmentStore::reset(m_store, row->id); !s)
        return tus(HttpResponse::fromError(s.error()));
    return empty(204);
}

HttpResponse TusApi::download(const HttpRequest &request)
{
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return HttpResponse::fromError(caller.error());
    auto row = AttachmentStore::find(m_store, *caller, request.params.value(0));
    if (!row)
        return HttpResponse::fromError(row.error());
    if (!row->complete)
        return HttpResponse::error(409, QStringLiteral("incomplete"),
                                   QStringLiteral("the attachment has not been uploaded whole"));
    qint64 first = 0;
    qint64 last = row->size - 1;
    int status = 200;
    if (const QByteArray range = request.header("range"); !range.isEmpty()) {
        auto parsed = tusheaders::parseRange(range, row->size);
        if (!parsed) {
            HttpResponse r = HttpResponse::fromError(parsed.error());
            r.addHeader("Content-Range", "bytes */" + QByteArray::number(row->size));
            return r;
        }
        first = parsed->first;
        last = parsed->last;
        status = 206;
    }
    HttpResponse response;
    response.status = status;
    response.contentType = row->type.toLatin1();
    response.bodyFile = completePath(row->id);
    response.bodyFileOffset = first;
    response.bodyFileLength = last - first + 1;
    response.addHeader("Accept-Ranges", "bytes");
    response.addHeader("ETag", '"' + row->sha256.toLatin1() + '"');
    if (status == 206)
        response.addHeader("Content-Range", "bytes " + QByteArray::number(first) + '-' +
                                                QByteArray::number(last) + '/' +
                                                QByteArray::number(row->size));
    return response;
}

} // namespace outpost
