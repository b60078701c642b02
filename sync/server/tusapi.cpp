#include "tusapi.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QUuid>

#include "attachmentstore.h"
#include "authservice.h"
#include "router.h"
#include "serverlogging.h"
#include "serverstore.h"

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

// "key base64,key2 base64" -> value of key (decoded), or empty.
QByteArray metadataValue(const QByteArray &header, const QByteArray &key)
{
    for (const QByteArray &pair : header.split(',')) {
        const QList<QByteArray> parts = pair.trimmed().split(' ');
        if (parts.size() >= 1 && parts[0] == key)
            return parts.size() > 1 ? QByteArray::fromBase64(parts[1]) : QByteArray();
    }
    return {};
}

Result<QByteArray> fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::transientError(QStringLiteral("storage_error"),
                                     QStringLiteral("cannot read the upload"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return Error::transientError(QStringLiteral("storage_error"),
                                     QStringLiteral("cannot read the upload"));
    return hash.result().toHex();
}

} // namespace

TusApi::TusApi(ServerStore *store, AuthService *auth, const ServerConfig &config)
    : m_store(store), m_auth(auth), m_config(config)
{
    QDir(config.dataDir).mkpath(QStringLiteral("uploads"));
    QDir(config.dataDir).mkpath(QStringLiteral("attachments"));
}

QString TusApi::partPath(const QString &id) const
{
    return QDir(m_config.dataDir).filePath(QStringLiteral("uploads/%1.part").arg(id));
}

QString TusApi::completePath(const QString &id) const
{
    return QDir(m_config.dataDir).filePath(QStringLiteral("attachments/%1").arg(id));
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
    router.add("OPTIONS", QStringLiteral("/api/v1/uploads"), bind(&TusApi::options),
               Execution::Inline);
    router.add("POST", QStringLiteral("/api/v1/uploads"), bind(&TusApi::create));
    router.add("HEAD", QStringLiteral("/api/v1/uploads/{id}"), bind(&TusApi::head));
    router.add("PATCH", QStringLiteral("/api/v1/uploads/{id}"), bind(&TusApi::patch));
    router.add("DELETE", QStringLiteral("/api/v1/uploads/{id}"), bind(&TusApi::terminate));
    router.add("OPTIONS", QStringLiteral("/api/v1/uploads/{id}"), bind(&TusApi::options),
               Execution::Inline);
    router.add("GET", QStringLiteral("/api/v1/attachments/{id}"), bind(&TusApi::download));
}

HttpResponse TusApi::options(const HttpRequest &)
{
    HttpResponse response = empty(204);
    response.addHeader("Tus-Version", kTusVersion);
    response.addHeader("Tus-Extension", "creation,checksum,termination,expiration");
    response.addHeader("Tus-Checksum-Algorithm", "sha1,sha256");
    response.addHeader("Tus-Max-Size", QByteArray::number(m_config.limits.maxAttachmentBytes));
    response.addHeader("Outpost-Max-Chunk-Size",
                       QByteArray::number(m_config.limits.maxUploadChunkBytes));
    return response;
}

HttpResponse TusApi::create(const HttpRequest &request)
{
    if (request.header("tus-resumable") != kTusVersion) {
        HttpResponse r = tusError(412, "tus_version", QStringLiteral("send Tus-Resumable: 1.0.0"));
        r.addHeader("Tus-Version", kTusVersion);
        return r;
    }
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    bool ok = false;
    const qint64 length = request.header("upload-length").toLongLong(&ok);
    if (!ok || length < 0)
        return tusError(400, "invalid_request",
                        QStringLiteral("Upload-Length is required (deferred lengths are not "
                                       "supported)"));
    if (length > m_config.limits.maxAttachmentBytes)
        return tusError(413, "payload_too_large",
                        QStringLiteral("attachments hold at most %1 bytes")
                            .arg(m_config.limits.maxAttachmentBytes));
    const QString id =
        QString::fromLatin1(metadataValue(request.header("upload-metadata"), "attachment_id"));
    auto row = AttachmentStore::find(m_store, *caller, id);
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (row->size != length)
        return tusError(400, "length_mismatch",
                        QStringLiteral("the record declared %1 bytes, Upload-Length is %2")
                            .arg(row->size)
                            .arg(length));
    qint64 expires = row->expiresAtMs;
    if (!row->complete && (expires == 0 || expires < nowMs())) {
        QFile::remove(partPath(row->id));
        if (auto s = AttachmentStore::reset(m_store, row->id); !s)
            return tus(HttpResponse::fromError(s.error()));
        expires = nowMs() + qint64(m_config.limits.uploadExpirySeconds) * 1000;
        if (auto s = AttachmentStore::setExpiry(m_store, row->id, expires); !s)
            return tus(HttpResponse::fromError(s.error()));
    }
    HttpResponse response = empty(201);
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
    if (request.header("tus-resumable") != kTusVersion)
        return tusError(412, "tus_version", QStringLiteral("send Tus-Resumable: 1.0.0"));
    if (request.header("content-type") != "application/offset+octet-stream")
        return tusError(415, "unsupported_media_type",
                        QStringLiteral("Content-Type must be application/offset+octet-stream"));
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    auto row = AttachmentStore::find(m_store, *caller, request.params.value(0));
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (row->complete)
        return tusError(409, "offset_mismatch", QStringLiteral("the upload is complete"));
    if (row->expiresAtMs == 0)
        return tusError(404, "not_found", QStringLiteral("no upload started; POST first"));
    if (row->expiresAtMs < nowMs())
        return tusError(410, "upload_expired", QStringLiteral("the upload expired; POST again"));
    bool ok = false;
    const qint64 offset = request.header("upload-offset").toLongLong(&ok);
    if (!ok || offset != row->offset)
        return tusError(409, "offset_mismatch",
                        QStringLiteral("the upload is at offset %1").arg(row->offset));
    const QByteArray &chunk = request.body;
    if (chunk.size() > m_config.limits.maxUploadChunkBytes)
        return tusError(413, "payload_too_large",
                        QStringLiteral("a chunk holds at most %1 bytes")
                            .arg(m_config.limits.maxUploadChunkBytes));
    if (offset + chunk.size() > row->size)
        return tusError(400, "exceeds_length", QStringLiteral("the chunk goes past Upload-Length"));
    const QByteArray checksum = request.header("upload-checksum");
    if (!checksum.isEmpty()) {
        const QList<QByteArray> parts = checksum.split(' ');
        QCryptographicHash::Algorithm algorithm;
        if (parts.size() == 2 && parts[0] == "sha1")
            algorithm = QCryptographicHash::Sha1;
        else if (parts.size() == 2 && parts[0] == "sha256")
            algorithm = QCryptographicHash::Sha256;
        else
            return tusError(400, "checksum_algorithm",
                            QStringLiteral("Upload-Checksum algorithms: sha1, sha256"));
        if (QCryptographicHash::hash(chunk, algorithm) != QByteArray::fromBase64(parts[1]))
            return tusError(460, "checksum_mismatch",
                            QStringLiteral("the chunk does not match Upload-Checksum; it was "
                                           "discarded"));
    }
    QFile part(partPath(row->id));
    if (!part.open(QIODevice::ReadWrite) || !part.resize(offset) || !part.seek(offset) ||
        part.write(chunk) != chunk.size() || !part.flush()) {
        qCWarning(lcServer).noquote() << "cannot write upload" << row->id << part.errorString();
        return tusError(503, "storage_error", QStringLiteral("cannot store the chunk; retry"));
    }
    part.close();
    const qint64 newOffset = offset + chunk.size();
    auto advanced = AttachmentStore::advance(m_store, row->id, offset, newOffset);
    if (!advanced)
        return tus(HttpResponse::fromError(advanced.error()));
    if (!*advanced)
        return tusError(409, "offset_mismatch", QStringLiteral("another request moved the upload"));
    if (newOffset == row->size) {
        auto sha = fileSha256(partPath(row->id));
        if (!sha)
            return tus(HttpResponse::fromError(sha.error()));
        if (QString::fromLatin1(*sha) != row->sha256) {
            QFile::remove(partPath(row->id));
            if (auto s = AttachmentStore::reset(m_store, row->id); !s)
                return tus(HttpResponse::fromError(s.error()));
            if (auto s = AttachmentStore::setExpiry(m_store, row->id, row->expiresAtMs); !s)
                return tus(HttpResponse::fromError(s.error()));
            return tusError(460, "sha256_mismatch",
                            QStringLiteral("the file does not match the sha256 its record "
                                           "declared; the upload starts again"));
        }
        QFile::remove(completePath(row->id));
        if (!QFile::rename(partPath(row->id), completePath(row->id)))
            return tusError(503, "storage_error", QStringLiteral("cannot store the file; retry"));
        if (auto s = AttachmentStore::markComplete(m_store, row->id); !s)
            return tus(HttpResponse::fromError(s.error()));
        qCInfo(lcServer).noquote()
            << "attachment" << row->id << "complete," << row->size << "bytes";
    }
    HttpResponse response = empty(204);
    response.addHeader("Upload-Offset", QByteArray::number(newOffset));
    if (newOffset < row->size)
        response.addHeader("Upload-Expires", httpDate(row->expiresAtMs));
    return response;
}

HttpResponse TusApi::terminate(const HttpRequest &request)
{
    if (request.header("tus-resumable") != kTusVersion)
        return tusError(412, "tus_version", QStringLiteral("send Tus-Resumable: 1.0.0"));
    auto caller = m_auth->authenticate(request);
    if (!caller)
        return tus(HttpResponse::fromError(caller.error()));
    auto row = AttachmentStore::find(m_store, *caller, request.params.value(0));
    if (!row)
        return tus(HttpResponse::fromError(row.error()));
    if (row->complete)
        return tusError(409, "invalid_state", QStringLiteral("a complete attachment stays"));
    QFile::remove(partPath(row->id));
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
    const QByteArray range = request.header("range");
    if (!range.isEmpty()) {
        bool ok = range.startsWith("bytes=") && !range.contains(',');
        const QList<QByteArray> ends = range.mid(6).split('-');
        ok = ok && ends.size() == 2;
        bool okA = false;
        bool okB = false;
        if (ok && ends[0].isEmpty()) { // suffix: the last N bytes
            const qint64 n = ends[1].toLongLong(&okB);
            ok = okB && n > 0;
            first = std::max<qint64>(0, row->size - n);
        } else if (ok) {
            first = ends[0].toLongLong(&okA);
            if (!ends[1].isEmpty())
                last = std::min(last, ends[1].toLongLong(&okB));
            ok = okA && (ends[1].isEmpty() || okB);
        }
        if (!ok || first > last || first >= row->size) {
            HttpResponse r = HttpResponse::error(416, QStringLiteral("range_not_satisfiable"),
                                                 QStringLiteral("bad or unsatisfiable Range"));
            r.addHeader("Content-Range", "bytes */" + QByteArray::number(row->size));
            return r;
        }
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
