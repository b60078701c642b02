#include "uploadqueue.h"

#include <QJsonDocument>
#include <QList>
#include <QUrl>

#include <algorithm>

#include "localstore.h"
#include "synclogging.h"
#include "uploadchunks.h"

namespace outpost {

namespace {

constexpr qint64 kMinChunkBytes = 64 * 1024;
constexpr int kMaxChunkResends = 3; // 460 checksum_mismatch on one chunk, then a retry later
constexpr int kMaxFileRestarts = 2; // 460 sha256_mismatch on one file, then it fails

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

// "key base64,key base64" (tus Upload-Metadata).
QByteArray metadata(const QList<std::pair<QByteArray, QString>> &pairs)
{
    QByteArrayList parts;
    for (const auto &[key, value] : pairs)
        parts << key + ' ' + value.toUtf8().toBase64();
    return parts.join(',');
}

// A refusal that retrying will not change. 401: the engine's cycle refreshes the token or
// asks the person to sign in again; the file itself is fine.
bool permanent(const HttpReply &reply)
{
    return reply.status != 401 && reply.error().isPermanent();
}

// A malformed answer, as a transient failure (HTTP 502 invalid_response).
HttpReply invalidResponse(const QString &message)
{
    HttpReply reply;
    reply.status = 502;
    reply.body =
        QJsonDocument(QJsonObject{{QStringLiteral("code"), QStringLiteral("invalid_response")},
                                  {QStringLiteral("message"), message}})
            .toJson(QJsonDocument::Compact);
    return reply;
}

qint64 headerNumber(const HttpReply &reply, const QByteArray &name)
{
    bool ok = false;
    const qint64 value = reply.header(name).trimmed().toLongLong(&ok);
    return ok && value >= 0 ? value : -1;
}

// A creation answer's Location as a path on this server (an absolute URL is reduced to its
// path: the token never goes to another host); empty without a usable one.
QString uploadPath(const HttpReply &reply)
{
    const QUrl location(QString::fromLatin1(reply.header("location")));
    QString path = location.path();
    if (location.hasQuery())
        path += QLatin1Char('?') + location.query(QUrl::FullyEncoded);
    return path.startsWith(QLatin1Char('/')) ? path : QString();
}

} // namespace

UploadQueue::UploadQueue(LocalStore *store, Sender send, Aborter abort, const SyncConfig &config,
                         QObject *parent)
    : QObject(parent), m_store(store), m_send(std::move(send)), m_abort(std::move(abort)),
      m_config(config),
      m_backoff(config.backoffBaseMs, config.backoffMaxMs, config.maxRetryAfterMs),
      m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &UploadQueue::startNext);
}

UploadQueue::~UploadQueue() = default;

void UploadQueue::setStore(LocalStore *store)
{
    dropActive();
    dropLookahead();
    m_retryTimer->stop();
    m_store = store;
    m_doneThisSession.clear();
    emit changed();
}

void UploadQueue::setMayUpload(bool may)
{
    if (may == m_mayUpload)
        return;
    m_mayUpload = may;
    qCInfo(lcSync) << (may ? "attachment uploads allowed again"
                           : "attachment uploads held back (metered network)");
    if (!may) {
        dropActive(); // resumes from the server's offset later
        dropLookahead();
    }
    emit changed();
    kick();
}

void UploadQueue::kick()
{
    if (m_step == Step::Idle && !m_retryTimer->isActive())
        QTimer::singleShot(0, this, &UploadQueue::startNext);
}

bool UploadQueue::recordAccepted(const AttachmentInfo &info) const
{
    if (!m_store || info.recordId.isNull())
        return false;
    auto record = m_store->record(info.recordId);
    if (!record || record->serverVersion <= 0 || record->deleted)
        return false;
    auto status = m_store->syncStatus(info.recordId);
    if (!status || (*status != SyncStatus::Synced && *status != SyncStatus::Conflict))
        return false;
    // The accepted record must still declare it (an edit may have replaced the file).
    return QJsonDocument(record->values)
        .toJson(QJsonDocument::Compact)
        .contains(idText(info.ref.id).toLatin1());
}

std::optional<AttachmentInfo> UploadQueue::nextToUpload(const QUuid &except) const
{
    auto uploads = m_store->attachmentsToUpload();
    if (!uploads) {
        qCWarning(lcSync) << "cannot list the uploads:" << uploads.error().message;
        return std::nullopt;
    }
    for (const AttachmentInfo &info : std::as_const(*uploads)) {
        if (info.ref.id != except && info.uploadState != UploadState::Paused &&
            info.uploadState != UploadState::Failed && recordAccepted(info))
            return info;
    }
    return std::nullopt;
}

qint64 UploadQueue::firstChunkBytes() const
{
    const qint64 bytes = std::max<qint64>(kMinChunkBytes, m_config.uploadChunkBytes);
    return m_serverMaxChunkBytes > 0 ? std::min(bytes, m_serverMaxChunkBytes) : bytes;
}

void UploadQueue::startNext()
{
    if (!m_store || m_step != Step::Idle || m_retryTimer->isActive() || !m_mayUpload)
        return;
    auto next = nextToUpload();
    if (!next)
        return dropLookahead();
    m_active = *next;
    m_chunkBytes = firstChunkBytes();
    m_chunkResends = 0;
    m_fileRestarts = 0;
    qCInfo(lcSync).noquote() << "uploading attachment" << idText(m_active.ref.id) << "from"
                             << m_active.uploadedBytes << "of" << m_active.ref.sizeBytes << "bytes";
    emit changed();
    if (startAhead())
        return;
    if (m_serverMaxChunkBytes < 0)
        return sendOptions();
    if (m_active.uploadUrl.isEmpty())
        return sendCreate();
    sendHead();
}

ApiRequest UploadQueue::tusRequest(const QByteArray &method, const QString &path,
                                   const QUuid &id) const
{
    ApiRequest request;
    request.method = method;
    request.path = path;
    request.tag = idText(id.isNull() ? m_active.ref.id : id);
    request.addHeader("Tus-Resumable", "1.0.0");
    return request;
}

void UploadQueue::send(const ApiRequest &request, std::function<void(const HttpReply &)> done)
{
    const quint64 generation = m_generation;
    m_send(request, [this, generation, done = std::move(done)](const HttpReply &reply) {
        if (generation != m_generation || !m_store)
            return; // the upload was paused, held or dropped meanwhile
        done(reply);
    });
}

void UploadQueue::sendOptions()
{
    m_step = Step::Options;
    send(tusRequest("OPTIONS", QStringLiteral("/api/v1/uploads")), [this](const HttpReply &reply) {
        if (!reply.isSuccess())
            return transientFailure(reply);
        const qint64 max = headerNumber(reply, "outpost-max-chunk-size");
        m_serverMaxChunkBytes = max > 0 ? max : m_config.uploadChunkBytes;
        m_chunkBytes = std::min(m_chunkBytes, m_serverMaxChunkBytes);
        // crc32 where the server offers it (servers before it took sha1 and sha256 only).
        const QList<QByteArray> offered = reply.header("tus-checksum-algorithm").split(',');
        m_checksum = std::any_of(offered.begin(), offered.end(),
                                 [](const QByteArray &a) { return a.trimmed() == "crc32"; })
                         ? UploadChunks::Checksum::Crc32
                         : UploadChunks::Checksum::Sha256;
        if (m_active.uploadUrl.isEmpty())
            return sendCreate();
        sendHead();
    });
}

void UploadQueue::sendCreate()
{
    m_step = Step::Create;
    send(createRequest(m_active), [this](const HttpReply &reply) { onCreateReply(reply); });
}

ApiRequest UploadQueue::createRequest(const AttachmentInfo &info) const
{
    ApiRequest request = tusRequest("POST", QStringLiteral("/api/v1/uploads"), info.ref.id);
    request.contentType = "application/offset+octet-stream";
    request.addHeader("Upload-Length", QByteArray::number(info.ref.sizeBytes));
    request.addHeader("Upload-Metadata", metadata({{"attachment_id", idText(info.ref.id)},
                                                   {"record_id", idText(info.recordId)},
                                                   {"filename", info.ref.fileName}}));
    return request;
}

void UploadQueue::onCreateReply(const HttpReply &reply)
{
    if (reply.status == 404)
        return failActive(QStringLiteral("The server does not know this file: the record "
                                         "that holds it was not accepted."));
    if (!reply.isSuccess())
        return permanent(reply) ? failActive(reply.error().message) : transientFailure(reply);
    const QString path = uploadPath(reply);
    if (path.isEmpty())
        return transientFailure(
            invalidResponse(QStringLiteral("the upload was created without a Location")));
    m_active.uploadUrl = path;
    // A server that says where the upload stands in its answer (Upload-Offset) saves the
    // HEAD, a round trip per file; older servers do not, and are asked.
    const qint64 offset = headerNumber(reply, "upload-offset");
    if (offset < 0 || offset > m_active.ref.sizeBytes) {
        if (!saveProgress(UploadState::Uploading))
            return;
        return sendHead();
    }
    continueFrom(offset);
}

void UploadQueue::createAhead()
{
    if (m_lookahead || m_serverMaxChunkBytes < 0 || !m_mayUpload)
        return;
    auto next = nextToUpload(m_active.ref.id);
    if (!next || !next->uploadUrl.isEmpty())
        return; // none, or one to resume: HEAD asks where it stands when its turn comes
    m_lookahead = std::make_unique<Lookahead>();
    m_lookahead->id = next->ref.id;
    m_send(createRequest(*next),
           [this, generation = m_lookaheadGeneration, info = *next](const HttpReply &reply) {
               if (generation == m_lookaheadGeneration && m_store && m_lookahead)
                   onCreatedAhead(reply, info);
           });
}

void UploadQueue::onCreatedAhead(const HttpReply &reply, const AttachmentInfo &info)
{
    if (m_lookahead->adopted) { // its turn came first: this is the active file's answer
        m_lookahead.reset();
        return onCreateReply(reply);
    }
    const QString path = reply.isSuccess() ? uploadPath(reply) : QString();
    const qint64 offset = headerNumber(reply, "upload-offset");
    if (path.isEmpty() || offset < 0 || offset > info.ref.sizeBytes) {
        // Created the usual way when its turn comes; a refusal is shown then.
        m_lookahead.reset();
        return;
    }
    m_lookahead->answered = true;
    m_lookahead->url = path;
    m_lookahead->offset = offset;
    if (offset < info.ref.sizeBytes) {
        // Decrypted now, while the current file's last chunk is still on its way.
        m_lookahead->chunks = std::make_unique<UploadChunks>(m_store, info.ref.id, m_checksum);
        m_lookahead->chunks->prefetch(offset,
                                      std::min(firstChunkBytes(), info.ref.sizeBytes - offset));
    }
}

bool UploadQueue::startAhead()
{
    if (!m_lookahead)
        return false;
    if (m_lookahead->id != m_active.ref.id || !m_active.uploadUrl.isEmpty()) {
        dropLookahead(); // another file's turn came first (a resume, a retry)
        return false;
    }
    if (!m_lookahead->answered) {
        m_step = Step::Create; // its answer goes on as this file's (onCreatedAhead)
        m_lookahead->adopted = true;
        return true;
    }
    const std::unique_ptr<Lookahead> ahead = std::move(m_lookahead);
    m_active.uploadUrl = ahead->url;
    m_chunks = std::move(ahead->chunks);
    continueFrom(ahead->offset);
    return true;
}

void UploadQueue::dropLookahead()
{
    if (!m_lookahead)
        return;
    if (!m_lookahead->answered && m_abort)
        m_abort(idText(m_lookahead->id)); // its POST, if still on the way
    ++m_lookaheadGeneration;
    m_lookahead.reset();
}

void UploadQueue::sendHead()
{
    m_step = Step::Head;
    send(tusRequest("HEAD", m_active.uploadUrl), [this](const HttpReply &reply) {
        if (reply.status == 404 || reply.status == 410) {
            m_active.uploadUrl.clear();
            m_active.uploadedBytes = 0;
            if (!saveProgress(UploadState::Uploading))
                return;
            return sendCreate();
        }
        if (!reply.isSuccess())
            return permanent(reply) ? failActive(reply.error().message) : transientFailure(reply);
        const qint64 offset = headerNumber(reply, "upload-offset");
        if (offset < 0 || offset > m_active.ref.sizeBytes)
            return transientFailure(
                invalidResponse(QStringLiteral("HEAD gave no usable Upload-Offset")));
        continueFrom(offset);
    });
}

void UploadQueue::continueFrom(qint64 offset)
{
    m_active.uploadedBytes = offset;
    if (offset == m_active.ref.sizeBytes)
        return finishActive(UploadState::Done);
    if (!saveProgress(UploadState::Uploading))
        return;
    sendPatch();
}

void UploadQueue::sendPatch()
{
    m_step = Step::Patch;
    const qint64 offset = m_active.uploadedBytes;
    const qint64 length = std::min(m_chunkBytes, m_active.ref.sizeBytes - offset);
    if (!m_chunks)
        m_chunks = std::make_unique<UploadChunks>(m_store, m_active.ref.id, m_checksum);
    auto chunk = m_chunks->take(offset, length);
    if (!chunk)
        return failActive(QStringLiteral("The file on this device cannot be read (%1).")
                              .arg(chunk.error().message));
    ApiRequest request = tusRequest("PATCH", m_active.uploadUrl);
    request.contentType = "application/offset+octet-stream";
    request.body = chunk->bytes;
    request.bulk = true; // libcurl on its own thread (ApiClient)
    request.addHeader("Upload-Offset", QByteArray::number(offset));
    request.addHeader("Upload-Checksum", chunk->checksumHeader);
    request.onUploadProgress = [this, generation = m_generation](qint64 sent) {
        if (generation != m_generation)
            return;
        m_inFlightBytes = sent;
        emit changed();
    };
    m_inFlightBytes = 0;
    send(request,
         [this, offset, length](const HttpReply &reply) { onPatchReply(reply, offset, length); });
    // The next chunk is decrypted and hashed while this one travels and the server stores it;
    // with the last one, the next file is created.
    const qint64 next = offset + length;
    if (next >= m_active.ref.sizeBytes)
        createAhead();
    QTimer::singleShot(0, this, [this, generation = m_generation, next] {
        if (generation != m_generation || m_step != Step::Patch || !m_chunks)
            return;
        m_chunks->prefetch(next, std::min(m_chunkBytes, m_active.ref.sizeBytes - next));
    });
}

void UploadQueue::onPatchReply(const HttpReply &reply, qint64 offset, qint64 length)
{
    m_inFlightBytes = 0;
    if (reply.isSuccess()) {
        const qint64 next = headerNumber(reply, "upload-offset");
        if (next != offset + length)
            return sendHead(); // ask where the server stands rather than guess
        m_active.uploadedBytes = next;
        m_chunkResends = 0;
        m_backoff.reset();
        if (next >= m_active.ref.sizeBytes)
            return finishActive(UploadState::Done);
        if (stoppedElsewhere()) {
            // Keep the pause made elsewhere, with the offset the server just confirmed.
            (void)saveProgress(UploadState::Paused);
            dropActive();
            emit changed();
            return kick();
        }
        if (!saveProgress(UploadState::Uploading))
            return;
        emit changed();
        return sendPatch();
    }
    const QString code = reply.status ? reply.error().code : QString();
    if (reply.status == 460 && code == QStringLiteral("sha256_mismatch")) {
        // The server had every byte but they did not hash to what the record declared; it
        // started the upload again at 0.
        if (++m_fileRestarts >= kMaxFileRestarts)
            return failActive(QStringLiteral("The server received different bytes than the "
                                             "record declares, twice."));
        qCWarning(lcSync).noquote()
            << "sha256 mismatch for" << idText(m_active.ref.id) << "- uploading it again";
        m_chunks.reset();
        return sendHead();
    }
    if (reply.status == 460) { // checksum_mismatch: the chunk was damaged on the way
        if (++m_chunkResends > kMaxChunkResends)
            return transientFailure(reply);
        qCInfo(lcSync).noquote() << "chunk at" << offset << "arrived damaged; sending it again";
        return sendPatch();
    }
    if (reply.status == 409)
        return sendHead();
    if (reply.status == 404 || reply.status == 410) {
        m_active.uploadUrl.clear();
        m_active.uploadedBytes = 0;
        if (!saveProgress(UploadState::Uploading))
            return;
        return sendCreate();
    }
    if (reply.status == 413 && m_chunkBytes > kMinChunkBytes) {
        m_chunkBytes = std::max(kMinChunkBytes, m_chunkBytes / 2);
        qCInfo(lcSync) << "chunk too large for the server; now" << m_chunkBytes << "bytes";
        return sendPatch();
    }
    if (permanent(reply))
        return failActive(reply.error().message);
    transientFailure(reply);
}

bool UploadQueue::saveProgress(UploadState state, const QString &error)
{
    if (Status s = m_store->setUploadProgress(m_active.ref.id, state, m_active.uploadedBytes,
                                              m_active.uploadUrl, error);
        !s) {
        qCWarning(lcSync).noquote() << "cannot save the upload state:" << s.error().message;
        dropActive();
        m_retryTimer->start(static_cast<int>(std::min<qint64>(m_backoff.nextDelayMs(), INT_MAX)));
        emit changed();
        return false;
    }
    return true;
}

void UploadQueue::finishActive(UploadState state, const QString &error)
{
    m_active.uploadedBytes =
        state == UploadState::Done ? m_active.ref.sizeBytes : m_active.uploadedBytes;
    if (!saveProgress(state, error))
        return;
    if (state == UploadState::Done) {
        qCInfo(lcSync).noquote() << "attachment" << idText(m_active.ref.id) << "uploaded";
        m_active.uploadState = UploadState::Done;
        m_active.lastError.clear();
        m_doneThisSession.append(transferOf(m_active));
    }
    dropActive();
    emit changed();
    kick();
}

void UploadQueue::failActive(const QString &message)
{
    qCWarning(lcSync).noquote() << "upload of" << idText(m_active.ref.id) << "failed:" << message;
    finishActive(UploadState::Failed, message);
}

void UploadQueue::transientFailure(const HttpReply &reply)
{
    const Error error = reply.error();
    const qint64 delayMs = m_backoff.nextDelayMs(reply.retryAfterMs);
    qCInfo(lcSync).noquote() << "upload of" << idText(m_active.ref.id)
                             << "interrupted:" << error.code << "- retrying in" << delayMs << "ms";
    (void)m_store->setUploadProgress(
        m_active.ref.id, stoppedElsewhere() ? UploadState::Paused : UploadState::Uploading,
        m_active.uploadedBytes, m_active.uploadUrl, error.message);
    dropActive();
    m_retryTimer->start(static_cast<int>(std::min<qint64>(delayMs, INT_MAX)));
    emit changed();
}

void UploadQueue::dropActive()
{
    if (m_step != Step::Idle && m_abort)
        m_abort(idText(m_active.ref.id)); // an adopted lookahead's POST too (same tag)
    if (m_lookahead && m_lookahead->adopted)
        dropLookahead();
    ++m_generation;
    m_step = Step::Idle;
    m_active = AttachmentInfo{};
    m_chunks.reset();
    m_inFlightBytes = 0;
}

Result<AttachmentInfo> UploadQueue::uploadInfo(const QUuid &id) const
{
    return m_store ? m_store->attachment(id) : Result<AttachmentInfo>(Error{});
}

bool UploadQueue::setUploadState(const AttachmentInfo &info, UploadState state)
{
    return bool(
        m_store->setUploadProgress(info.ref.id, state, info.uploadedBytes, info.uploadUrl, {}));
}

bool UploadQueue::pause(const QUuid &id)
{
    auto info = uploadInfo(id);
    if (!info || info->uploadState == UploadState::Done)
        return false;
    if (m_step != Step::Idle && m_active.ref.id == id)
        dropActive();
    if (m_lookahead && m_lookahead->id == id)
        dropLookahead();
    if (!setUploadState(*info, UploadState::Paused))
        return false;
    emit changed();
    kick();
    return true;
}

bool UploadQueue::stoppedElsewhere() const
{
    auto info = uploadInfo(m_active.ref.id);
    if (info && info->uploadState != UploadState::Paused)
        return false;
    qCInfo(lcSync).noquote() << "upload of" << idText(m_active.ref.id)
                             << (info ? "paused" : "removed") << "by another connection";
    return true;
}

void UploadQueue::followOutsideChanges()
{
    if (m_step == Step::Idle || !stoppedElsewhere())
        return;
    dropActive();
    emit changed();
    kick();
}

bool UploadQueue::resume(const QUuid &id)
{
    auto info = uploadInfo(id);
    if (!info || info->uploadState != UploadState::Paused)
        return false;
    if (!setUploadState(*info, UploadState::Uploading))
        return false;
    emit changed();
    kick();
    return true;
}

bool UploadQueue::retry(const QUuid &id)
{
    auto info = uploadInfo(id);
    if (!info || info->uploadState == UploadState::Done || info->uploadState == UploadState::Paused)
        return false;
    if (info->uploadState == UploadState::Failed && !setUploadState(*info, UploadState::Uploading))
        return false;
    if (m_retryTimer->isActive()) { // a transient failure waits: try now
        m_retryTimer->stop();
        m_backoff.reset();
    }
    emit changed();
    kick();
    return true;
}

AttachmentTransfer UploadQueue::transferOf(const AttachmentInfo &info) const
{
    using State = AttachmentTransfer::State;
    AttachmentTransfer t =
        AttachmentTransfer::fromInfo(info, AttachmentTransfer::Direction::Upload);
    t.transferredBytes = info.uploadedBytes;
    t.errorMessage = info.lastError;
    switch (info.uploadState) {
    case UploadState::Done:
        t.state = State::Done;
        t.transferredBytes = info.ref.sizeBytes;
        return t;
    case UploadState::Paused:
        t.state = State::Paused;
        return t;
    case UploadState::Failed:
        t.state = State::Failed;
        t.errorPermanent = true;
        return t;
    case UploadState::Waiting:
    case UploadState::Uploading:
        break;
    }
    if (m_step != Step::Idle && m_active.ref.id == info.ref.id) {
        t.state = State::Active;
        t.transferredBytes = m_active.uploadedBytes + m_inFlightBytes;
        t.errorMessage.clear();
    } else if (!recordAccepted(info)) {
        t.state = State::WaitingForRecord;
        if (m_store && !info.recordId.isNull() &&
            m_store->syncStatus(info.recordId).valueOr(SyncStatus::Pending) ==
                SyncStatus::Rejected) {
            t.errorMessage = QStringLiteral("Its record was not accepted by the server.");
            t.errorPermanent = true;
        }
    } else if (!m_mayUpload) {
        t.state = State::HeldMetered;
    } else {
        t.state = State::Queued;
    }
    return t;
}

QList<AttachmentTransfer> UploadQueue::transfers() const
{
    QList<AttachmentTransfer> list;
    if (!m_store)
        return list;
    if (auto uploads = m_store->attachmentsToUpload()) {
        for (const AttachmentInfo &info : std::as_const(*uploads))
            list.append(transferOf(info));
    }
    list.append(m_doneThisSession);
    return list;
}

bool UploadQueue::isIdle() const
{
    if (!m_store || !m_mayUpload)
        return true;
    if (m_step != Step::Idle || m_retryTimer->isActive())
        return false;
    return !nextToUpload(); // an unreadable list counts as idle (and is logged)
}

} // namespace outpost
