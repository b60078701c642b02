// SyncEngine's attachment transfers: the commands of SyncController (pause, resume, retry,
// download) passed to the UploadQueue / AttachmentDownloader, and the throttled list of
// transfers it reports (transfersChanged) with the pending attachment bytes (SyncState).
#include "apiclient.h"
#include "attachmentdownloader.h"
#include "localstore.h"
#include "syncengine.h"
#include "synclogging.h"
#include "uploadqueue.h"

namespace outpost {

namespace {

constexpr int kOutsideChangesMs = 1000; // a pause made in another process takes effect within

QUuid parseId(const QString &text)
{
    return QUuid::fromString(text.trimmed());
}

} // namespace

void SyncEngine::startTransfers()
{
    auto send = [this](const ApiRequest &request, ReplyHandler done) {
        if (!m_credentials.isEnrolled() || m_state.phase == SyncPhase::Revoked) {
            // Not signed in: the queue waits (its backoff) while the person signs in.
            QTimer::singleShot(0, this, [done = std::move(done)]() {
                HttpReply reply;
                reply.networkError = QStringLiteral("this device is not signed in");
                done(reply);
            });
            return;
        }
        sendAuthed(request, std::move(done));
    };
    auto abort = [this](const QString &tag) {
        if (m_api)
            m_api->abort(tag);
    };
    m_uploads = new UploadQueue(m_store, send, abort, m_config, this);
    m_downloads = new AttachmentDownloader(m_store, send, abort, m_config, this);
    connect(m_uploads, &UploadQueue::changed, this, &SyncEngine::scheduleTransfersPublish);
    connect(m_downloads, &AttachmentDownloader::changed, this,
            &SyncEngine::scheduleTransfersPublish);
    m_transfersTimer = new QTimer(this);
    m_transfersTimer->setSingleShot(true);
    connect(m_transfersTimer, &QTimer::timeout, this, &SyncEngine::publishTransfers);
    m_uploads->setMayUpload(networkpolicy::mayUploadAttachments(m_network, m_config));
    m_outsideChangesTimer = new QTimer(this);
    m_outsideChangesTimer->setInterval(kOutsideChangesMs);
    connect(m_outsideChangesTimer, &QTimer::timeout, this, &SyncEngine::followOutsideChanges);
}

// While a transfer moves, another connection to the store (outpost-cli pause in another
// process) may pause it: PRAGMA data_version is polled, and only when it moved are the
// active transfers' states read again. No polling while nothing moves.
void SyncEngine::watchOutsideChanges()
{
    const bool moving = (m_uploads && m_uploads->isTransferring()) ||
                        (m_downloads && m_downloads->isTransferring());
    if (!moving || !m_store) {
        m_outsideChangesTimer->stop();
        return;
    }
    if (m_outsideChangesTimer->isActive())
        return;
    m_outsideChangeCount = m_store->outsideChangeCount().valueOr(-1);
    m_outsideChangesTimer->start();
}

void SyncEngine::followOutsideChanges()
{
    if (!m_store)
        return;
    const qint64 count = m_store->outsideChangeCount().valueOr(-1);
    if (count == m_outsideChangeCount)
        return;
    m_outsideChangeCount = count;
    m_uploads->followOutsideChanges();
    m_downloads->followOutsideChanges();
}

QList<AttachmentTransfer> SyncEngine::currentTransfers() const
{
    QList<AttachmentTransfer> list;
    if (m_uploads)
        list = m_uploads->transfers();
    if (m_downloads)
        list += m_downloads->transfers();
    return list;
}

void SyncEngine::abortRequests()
{
    endPush();
    if (m_api)
        m_api->abortAll();
    m_refreshWaiters.clear(); // their refresh was aborted too
    if (m_uploads)
        m_uploads->setStore(m_store);
    if (m_downloads)
        m_downloads->setStore(m_store);
}

void SyncEngine::scheduleTransfersPublish()
{
    if (!m_transfersTimer || m_transfersTimer->isActive())
        return;
    // At most one list per transfersPublishMs, the first after a quieter spell at once (on
    // the next turn of the event loop: the queue that asked is done with its change by then).
    const qint64 since = m_transfersPublished.isValid() ? m_transfersPublished.elapsed()
                                                        : m_config.transfersPublishMs;
    m_transfersTimer->start(
        static_cast<int>(std::max<qint64>(0, m_config.transfersPublishMs - since)));
}

void SyncEngine::publishTransfers()
{
    m_transfersPublished.start();
    watchOutsideChanges();
    const QList<AttachmentTransfer> transfers = currentTransfers();
    qint64 pendingBytes = 0;
    for (const AttachmentTransfer &t : transfers) {
        if (t.direction == AttachmentTransfer::Direction::Upload &&
            t.state != AttachmentTransfer::State::Done)
            pendingBytes += std::max<qint64>(0, t.sizeBytes - t.transferredBytes);
    }
    if (pendingBytes != m_state.pendingBytes && m_store) {
        m_state.pendingBytes = pendingBytes;
        emit stateChanged(m_state);
    }
    emit transfersChanged(transfers);
}

void SyncEngine::pauseTransfer(const QString &attachmentId)
{
    const QUuid id = parseId(attachmentId);
    if (!m_uploads || (!m_uploads->pause(id) && !m_downloads->pause(id)))
        qCInfo(lcSync).noquote() << "pause: no such transfer" << attachmentId.left(64);
}

void SyncEngine::resumeTransfer(const QString &attachmentId)
{
    const QUuid id = parseId(attachmentId);
    if (!m_uploads || (!m_uploads->resume(id) && !m_downloads->resume(id)))
        qCInfo(lcSync).noquote() << "resume: no paused transfer" << attachmentId.left(64);
}

void SyncEngine::retryTransfer(const QString &attachmentId)
{
    const QUuid id = parseId(attachmentId);
    if (!m_uploads || (!m_uploads->retry(id) && !m_downloads->retry(id)))
        qCInfo(lcSync).noquote() << "retry: no transfer to retry" << attachmentId.left(64);
}

void SyncEngine::requestDownload(const QString &attachmentId)
{
    if (!m_downloads || !m_downloads->request(parseId(attachmentId)))
        qCInfo(lcSync).noquote() << "download: no record here declares" << attachmentId.left(64);
}

} // namespace outpost
