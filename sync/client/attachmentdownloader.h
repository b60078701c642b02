// AttachmentDownloader: fetches attachments that other devices uploaded, when someone asks
// for one (SyncController::requestDownload, outpost-cli download), one at a time:
// GET /api/v1/attachments/{id}, with "Range: bytes=N-" to go on after a cut or a restart. The
// bytes are encrypted as they arrive (AttachmentStreamWriter: never plaintext on disk, memory
// bounded by Qt's 1 MiB read buffer and one 64 KiB chunk); at the end the size and sha256 are
// checked against the record's reference and the file becomes readable through
// LocalStore::openAttachment. Transient failures retry on the downloader's own Backoff;
// 409 "incomplete" (not uploaded yet) waits too; 404 and a wrong sha256 fail the download
// (retry() starts it again).
//
// THREAD: the engine's thread.
#pragma once

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUuid>

#include <memory>

#include "attachmentref.h"
#include "attachmenttransfer.h"
#include "backoff.h"
#include "syncconfig.h"
#include "uploadqueue.h"

namespace outpost {

class AttachmentStreamWriter;
class LocalStore;

class AttachmentDownloader : public QObject
{
    Q_OBJECT

public:
    AttachmentDownloader(LocalStore *store, UploadQueue::Sender send, UploadQueue::Aborter abort,
                         const SyncConfig &config, QObject *parent = nullptr);
    ~AttachmentDownloader() override;

    void setStore(LocalStore *store); // null: stop and forget
    void kick();
    // Queues a download; false (with a logged reason) if no record here declares it.
    bool request(const QUuid &id);
    bool pause(const QUuid &id);
    bool resume(const QUuid &id);
    bool retry(const QUuid &id);

    // Another connection changed the store (outpost-cli in another process): if the active
    // download was paused there, it stops now, keeping the bytes already written.
    void followOutsideChanges();
    bool isTransferring() const { return m_active; }

    // Downloads not done, plus those done since the engine started.
    QList<AttachmentTransfer> transfers() const;

signals:
    void changed();

private:
    void startNext();
    bool pausedElsewhere() const; // the active download, read now
    bool onData(const HttpReply &head, const QByteArray &data);
    void onFinished(const HttpReply &reply);
    void finishActive(DownloadState state, const QString &error = {});
    void transientFailure(const Error &error, qint64 retryAfterMs);
    void dropActive();
    AttachmentTransfer transferOf(const AttachmentInfo &info) const;

    LocalStore *m_store; // not owned
    UploadQueue::Sender m_send;
    UploadQueue::Aborter m_abort;
    Backoff m_backoff;
    QTimer *m_retryTimer; // owned (child)

    bool m_active = false;
    quint64 m_generation = 0;
    AttachmentInfo m_info;
    std::unique_ptr<AttachmentStreamWriter> m_writer;
    qint64 m_savedBytes = 0; // downloadedBytes last written to the store
    QString m_writeError;    // why onData refused the bytes
    QList<AttachmentTransfer> m_doneThisSession;
};

} // namespace outpost
