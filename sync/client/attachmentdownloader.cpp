#include "attachmentdownloader.h"

#include "attachmentstreamwriter.h"
#include "localstore.h"
#include "synclogging.h"

namespace outpost {

namespace {

constexpr qint64 kSaveEveryBytes = 4 * 1024 * 1024; // progress saved in the store this often

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

AttachmentDownloader::AttachmentDownloader(LocalStore *store, UploadQueue::Sender send,
                                           UploadQueue::Aborter abort, const SyncConfig &config,
                                           QObject *parent)
    : QObject(parent), m_store(store), m_send(std::move(send)), m_abort(std::move(abort)),
      m_backoff(config.backoffBaseMs, config.backoffMaxMs, config.maxRetryAfterMs),
      m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &AttachmentDownloader::startNext);
}

AttachmentDownloader::~AttachmentDownloader() = default;

void AttachmentDownloader::setStore(LocalStore *store)
{
    dropActive();
    m_retryTimer->stop();
    m_store = store;
    m_doneThisSession.clear();
    emit changed();
}

void AttachmentDownloader::kick()
{
    if (!m_active && !m_retryTimer->isActive())
        QTimer::singleShot(0, this, &AttachmentDownloader::startNext);
}

bool AttachmentDownloader::request(const QUuid &id)
{
    if (!m_store)
        return false;
    auto info = m_store->requestDownload(id);
    if (!info) {
        qCInfo(lcSync).noquote() << "download of" << idText(id) << "refused:" << info.error().code;
        return false;
    }
    if (info->fromServer && info->downloadState != DownloadState::Done) {
        if (m_retryTimer->isActive()) { // asked for now: do not wait for the backoff
            m_retryTimer->stop();
            m_backoff.reset();
        }
        kick();
    } else {
        const AttachmentTransfer done = transferOf(*info); // already on this device
        if (!m_doneThisSession.contains(done))
            m_doneThisSession.append(done);
    }
    emit changed();
    return true;
}

void AttachmentDownloader::startNext()
{
    if (!m_store || m_active || m_retryTimer->isActive())
        return;
    auto list = m_store->attachmentsToDownload();
    if (!list)
        return;
    for (const AttachmentInfo &info : std::as_const(*list)) {
        if (info.downloadState != DownloadState::Wanted)
            continue;
        auto writer = m_store->openDownload(info.ref.id);
        if (!writer) {
            m_info = info;
            m_active = true;
            return finishActive(DownloadState::Failed,
                                QStringLiteral("The file cannot be written on this device (%1).")
                                    .arg(writer.error().message));
        }
        m_info = info;
        m_active = true;
        m_writer = std::move(*writer);
        m_writeError.clear();
        const qint64 from = m_writer->bytesWritten();
        m_info.downloadedBytes = from;
        m_savedBytes = from;
        (void)m_store->setDownloadProgress(info.ref.id, DownloadState::Wanted, from);
        qCInfo(lcSync).noquote() << "downloading attachment" << idText(info.ref.id) << "from"
                                 << from << "of" << info.ref.sizeBytes << "bytes";
        ApiRequest request;
        request.method = "GET";
        request.path = QStringLiteral("/api/v1/attachments/") + idText(info.ref.id);
        request.tag = QStringLiteral("download:") + idText(info.ref.id);
        if (from > 0)
            request.addHeader("Range", "bytes=" + QByteArray::number(from) + '-');
        const quint64 generation = m_generation;
        request.onData = [this, generation](const HttpReply &head, const QByteArray &data) {
            return generation == m_generation && onData(head, data);
        };
        emit changed();
        m_send(request, [this, generation](const HttpReply &reply) {
            if (generation == m_generation && m_store)
                onFinished(reply);
        });
        return;
    }
}

bool AttachmentDownloader::onData(const HttpReply &head, const QByteArray &data)
{
    if (head.status == 200 && m_writer->bytesReceived() > 0 && m_info.downloadedBytes > 0 &&
        m_writer->bytesReceived() == m_info.downloadedBytes) {
        // The server ignored the Range: start the file again from its first byte.
        auto fresh = m_store->openDownload(m_info.ref.id, true);
        if (!fresh) {
            m_writeError = fresh.error().message;
            return false;
        }
        m_writer = std::move(*fresh);
    }
    if (head.status == 206) {
        const QByteArray range = head.header("content-range"); // bytes a-b/size
        if (!range.startsWith("bytes " + QByteArray::number(m_info.downloadedBytes) + '-') &&
            m_writer->bytesReceived() == m_info.downloadedBytes) {
            m_writeError = QStringLiteral("the server answered another range");
            return false;
        }
    }
    if (m_writer->bytesReceived() + data.size() > m_info.ref.sizeBytes) {
        m_writeError = QStringLiteral("the server sent more bytes than the record declares");
        return false;
    }
    if (Status s = m_writer->append(data); !s) {
        m_writeError = s.error().message;
        return false;
    }
    if (m_writer->bytesWritten() - m_savedBytes >= kSaveEveryBytes) {
        if (pausedElsewhere()) {
            // Not overwritten with "wanted": the pause takes effect once this piece is handled.
            QTimer::singleShot(0, this, &AttachmentDownloader::followOutsideChanges);
            emit changed();
            return true;
        }
        if (m_writer->sync())
            m_savedBytes = m_writer->bytesWritten();
        (void)m_store->setDownloadProgress(m_info.ref.id, DownloadState::Wanted, m_savedBytes);
    }
    emit changed();
    return true;
}

void AttachmentDownloader::onFinished(const HttpReply &reply)
{
    if (!m_writeError.isEmpty())
        return finishActive(
            DownloadState::Failed,
            QStringLiteral("The download could not be stored: %1.").arg(m_writeError));
    if (reply.status == 0 || reply.status == 408 || reply.status == 429 || reply.status >= 500) {
        (void)m_writer->sync();
        return transientFailure(reply.error(), reply.retryAfterMs);
    }
    if (reply.status == 409)
        return transientFailure(Error::transientError(QStringLiteral("incomplete"),
                                                      QStringLiteral("The file is not on the "
                                                                     "server yet.")),
                                reply.retryAfterMs);
    if (reply.status == 416) { // our partial file is past the server's: start again
        m_writer.reset();
        if (auto fresh = m_store->openDownload(m_info.ref.id, true))
            m_writer = std::move(*fresh);
        return transientFailure(reply.error(), 0);
    }
    if (reply.status == 401)
        return transientFailure(reply.error(), reply.retryAfterMs);
    if (!reply.isSuccess())
        return finishActive(DownloadState::Failed,
                            reply.status == 404
                                ? QStringLiteral("The server does not have this file.")
                                : reply.error().message);
    if (m_writer->bytesReceived() != m_info.ref.sizeBytes)
        return transientFailure(Error::transientError(QStringLiteral("network_error"),
                                                      QStringLiteral("the download was cut")),
                                0);
    if (Status s = m_store->finishDownload(m_info.ref.id, *m_writer); !s) {
        qCWarning(lcSync).noquote()
            << "download of" << idText(m_info.ref.id) << "failed its check:" << s.error().message;
        m_writer.reset();
        return finishActive(DownloadState::Failed,
                            QStringLiteral("The downloaded file does not match its record."));
    }
    m_writer.reset();
    finishActive(DownloadState::Done);
}

void AttachmentDownloader::finishActive(DownloadState state, const QString &error)
{
    const qint64 bytes = state == DownloadState::Done ? m_info.ref.sizeBytes
                         : m_writer                   ? m_writer->bytesWritten()
                                                      : 0;
    if (state != DownloadState::Done || !m_store->attachment(m_info.ref.id) ||
        m_store->attachment(m_info.ref.id)->downloadState != DownloadState::Done)
        (void)m_store->setDownloadProgress(m_info.ref.id, state, bytes, error);
    if (state == DownloadState::Done) {
        qCInfo(lcSync).noquote() << "attachment" << idText(m_info.ref.id) << "downloaded";
        m_backoff.reset();
        if (auto info = m_store->attachment(m_info.ref.id))
            m_doneThisSession.append(transferOf(*info));
    } else {
        qCWarning(lcSync).noquote() << "download of" << idText(m_info.ref.id) << "failed:" << error;
    }
    dropActive();
    emit changed();
    kick();
}

void AttachmentDownloader::transientFailure(const Error &error, qint64 retryAfterMs)
{
    const qint64 delayMs = m_backoff.nextDelayMs(retryAfterMs);
    qCInfo(lcSync).noquote() << "download of" << idText(m_info.ref.id)
                             << "interrupted:" << error.code << "- retrying in" << delayMs << "ms";
    (void)m_store->setDownloadProgress(m_info.ref.id, DownloadState::Wanted,
                                       m_writer ? m_writer->bytesWritten() : 0, error.message);
    dropActive();
    m_retryTimer->start(static_cast<int>(std::min<qint64>(delayMs, INT_MAX)));
    emit changed();
}

void AttachmentDownloader::dropActive()
{
    if (m_active && m_abort)
        m_abort(QStringLiteral("download:") + idText(m_info.ref.id));
    ++m_generation;
    m_active = false;
    m_writer.reset();
    m_info = AttachmentInfo{};
    m_writeError.clear();
}

bool AttachmentDownloader::pause(const QUuid &id)
{
    auto info = m_store ? m_store->attachment(id) : Result<AttachmentInfo>(Error{});
    if (!info || !info->fromServer || info->downloadState == DownloadState::Done ||
        info->downloadState == DownloadState::None)
        return false;
    qint64 bytes = info->downloadedBytes;
    if (m_active && m_info.ref.id == id) {
        (void)m_writer->sync();
        bytes = m_writer->bytesWritten();
        dropActive();
    }
    (void)m_store->setDownloadProgress(id, DownloadState::Paused, bytes);
    emit changed();
    kick();
    return true;
}

bool AttachmentDownloader::pausedElsewhere() const
{
    auto info = m_store->attachment(m_info.ref.id);
    return info && info->downloadState == DownloadState::Paused;
}

void AttachmentDownloader::followOutsideChanges()
{
    if (!m_active || !m_store || !pausedElsewhere())
        return;
    qCInfo(lcSync).noquote() << "download of" << idText(m_info.ref.id)
                             << "paused by another connection";
    const QUuid id = m_info.ref.id; // a copy: pause() forgets m_info
    pause(id); // keeps the bytes written so far (the other side's count may lag)
}

bool AttachmentDownloader::resume(const QUuid &id)
{
    auto info = m_store ? m_store->attachment(id) : Result<AttachmentInfo>(Error{});
    if (!info || info->downloadState != DownloadState::Paused)
        return false;
    (void)m_store->setDownloadProgress(id, DownloadState::Wanted, info->downloadedBytes);
    emit changed();
    kick();
    return true;
}

bool AttachmentDownloader::retry(const QUuid &id)
{
    auto info = m_store ? m_store->attachment(id) : Result<AttachmentInfo>(Error{});
    if (!info || !info->fromServer ||
        (info->downloadState != DownloadState::Failed &&
         info->downloadState != DownloadState::Wanted))
        return false;
    (void)m_store->setDownloadProgress(id, DownloadState::Wanted, info->downloadedBytes);
    if (m_retryTimer->isActive()) {
        m_retryTimer->stop();
        m_backoff.reset();
    }
    emit changed();
    kick();
    return true;
}

AttachmentTransfer AttachmentDownloader::transferOf(const AttachmentInfo &info) const
{
    using State = AttachmentTransfer::State;
    AttachmentTransfer t =
        AttachmentTransfer::fromInfo(info, AttachmentTransfer::Direction::Download);
    t.transferredBytes = info.downloadedBytes;
    t.errorMessage = info.downloadError;
    switch (info.downloadState) {
    case DownloadState::None:
    case DownloadState::Done:
        t.state = State::Done;
        t.transferredBytes = info.ref.sizeBytes;
        t.errorMessage.clear();
        break;
    case DownloadState::Paused:
        t.state = State::Paused;
        break;
    case DownloadState::Failed:
        t.state = State::Failed;
        t.errorPermanent = true;
        break;
    case DownloadState::Wanted:
        t.state = State::Queued;
        if (m_active && m_info.ref.id == info.ref.id) {
            t.state = State::Active;
            t.transferredBytes = m_writer ? m_writer->bytesReceived() : info.downloadedBytes;
            t.errorMessage.clear();
        }
        break;
    }
    return t;
}

QList<AttachmentTransfer> AttachmentDownloader::transfers() const
{
    QList<AttachmentTransfer> list;
    if (!m_store)
        return list;
    if (auto downloads = m_store->attachmentsToDownload()) {
        for (const AttachmentInfo &info : std::as_const(*downloads))
            list.append(transferOf(info));
    }
    list.append(m_doneThisSession);
    return list;
}

} // namespace outpost
