// UploadQueue: sends the bytes of this device's attachments to the server over tus 1.0.0
// (docs/protocol.md "Attachments", docs/sync-engine.md "Uploads"), one file at a time, beside
// the record sync and never in its way (it shares only the engine's thread and HTTP client).
//
// For each attachment not yet uploaded, oldest first:
//   - it waits until the record that declares it was accepted by the server (the record's
//     ops all acknowledged, a server version, the reference in its values): only then does
//     the server know the attachment;
//   - OPTIONS once (the server's Outpost-Max-Chunk-Size caps SyncConfig::uploadChunkBytes);
//     POST (creation; Upload-Length, Upload-Metadata attachment_id/record_id/filename) when
//     there is no upload URL yet, whose answer says the server's offset (HEAD asks it when
//     resuming a saved URL, or of a server whose POST answer does not); then PATCH chunks, each
//     with Upload-Checksum crc32 (sha256 when OPTIONS' Tus-Checksum-Algorithm has no crc32),
//     decrypted from the encrypted file as it is read; the next chunk
//     is decrypted and hashed while one is on the way (UploadChunks; memory: two chunks, and
//     the next file's first one while the lookahead below holds it).
//     The URL and the acknowledged offset are saved in the store after every step, so a
//     dropped connection or a restart resumes from the server's offset.
//   - 460 checksum_mismatch: the same chunk again; 409: HEAD, then on from the server's
//     offset; 404 / 410: create again; 413: smaller chunks; no answer, 408, 429, 5xx: a retry
//     later on the queue's own Backoff (Retry-After honoured); other refusals fail the file
//     (shown with the server's reason, retryTransfer() tries again).
//   - pause / resume per file; nothing moves while networkpolicy::mayUploadAttachments says
//     no (metered network).
//   - the next file is created while the current one's last chunk is on its way: its POST
//     goes out beside that PATCH, and its first chunk is decrypted once the answer is in, so
//     the next file starts with its first PATCH (many photos: a round trip less each). Only
//     a file without a saved URL is created ahead; a failed or late answer changes nothing
//     (the file is created the usual way when its turn comes, or that answer is taken then).
//
// THREAD: the engine's thread; every member function runs there.
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

#include "apirequest.h"
#include "attachmentref.h"
#include "attachmenttransfer.h"
#include "backoff.h"
#include "uploadchunks.h"
#include "syncconfig.h"

namespace outpost {

class LocalStore;

class UploadQueue : public QObject
{
    Q_OBJECT

public:
    // send: an authenticated request through the engine (token refresh included); done is
    // called once, unless the request was aborted by tag.
    using Sender = std::function<void(const ApiRequest &, std::function<void(const HttpReply &)>)>;
    using Aborter = std::function<void(const QString &tag)>;

    UploadQueue(LocalStore *store, Sender send, Aborter abort, const SyncConfig &config,
                QObject *parent = nullptr);
    ~UploadQueue() override;

    // null: the store was closed (shutdown, wipe); everything stops and is forgotten.
    void setStore(LocalStore *store);
    void setMayUpload(bool may); // networkpolicy::mayUploadAttachments
    void kick();                 // looks for work now (unless one is running or retry is due)

    bool pause(const QUuid &id);  // false: no such upload, or done
    bool resume(const QUuid &id); // false: not paused
    bool retry(const QUuid &id);  // false: not failed

    // Another connection changed the store (outpost-cli in another process): if the active
    // upload was paused or removed there, it stops now (its request is aborted).
    void followOutsideChanges();
    bool isTransferring() const { return m_step != Step::Idle; }

    // Every upload not done, plus those done since the engine started.
    QList<AttachmentTransfer> transfers() const;
    // Nothing would move now without a trigger: no upload queued or active (paused, failed,
    // held and waiting-for-record ones do not count).
    bool isIdle() const;

signals:
    void changed(); // a transfer's state or progress moved (the engine throttles)

private:
    enum class Step
    {
        Idle,
        Options,
        Create,
        Head,
        Patch,
    };

    // The next file, created on the server ahead of its turn (see above).
    struct Lookahead
    {
        QUuid id;
        bool answered = false; // its POST's answer is in (url and offset below)
        bool adopted = false;  // its turn came before the answer: the answer goes on as m_active
        QString url;
        qint64 offset = -1;
        std::unique_ptr<UploadChunks> chunks; // its first chunk, prepared
    };

    bool recordAccepted(const AttachmentInfo &info) const;
    // Waiting, not paused or failed, its record accepted (oldest first), except `except`.
    std::optional<AttachmentInfo> nextToUpload(const QUuid &except = {}) const;
    qint64 firstChunkBytes() const; // the chunk size a file starts with
    // The active upload was paused or removed through another connection (read now).
    bool stoppedElsewhere() const;
    void startNext();
    void sendOptions();
    void sendCreate();
    ApiRequest createRequest(const AttachmentInfo &info) const;
    void onCreateReply(const HttpReply &reply);
    void createAhead(); // the lookahead, once the current file's last chunk is on its way
    void onCreatedAhead(const HttpReply &reply, const AttachmentInfo &info);
    bool startAhead();    // m_active is the lookahead's file: on from its answer (false: not it)
    void dropLookahead(); // aborts its POST if on the way, forgets it
    void sendHead();
    void continueFrom(qint64 offset); // the server's offset: on with PATCH, or done
    void sendPatch();
    void onPatchReply(const HttpReply &reply, qint64 offset, qint64 length);
    void finishActive(UploadState state, const QString &error = {});
    void transientFailure(const HttpReply &reply);
    void failActive(const QString &message);
    void dropActive(); // forgets the active upload (no state change in the store)
    bool saveProgress(UploadState state, const QString &error = {});
    // Tagged with the file's id (abort by tag); the active file's unless said.
    ApiRequest tusRequest(const QByteArray &method, const QString &path,
                          const QUuid &id = {}) const;
    void send(const ApiRequest &request, std::function<void(const HttpReply &)> done);
    AttachmentTransfer transferOf(const AttachmentInfo &info) const;
    Result<AttachmentInfo> uploadInfo(const QUuid &id) const;           // error without a store
    bool setUploadState(const AttachmentInfo &info, UploadState state); // keeps offset and URL

    LocalStore *m_store; // not owned; null after setStore(nullptr)
    Sender m_send;
    Aborter m_abort;
    SyncConfig m_config;
    Backoff m_backoff;
    QTimer *m_retryTimer; // owned (child)
    bool m_mayUpload = true;
    qint64 m_serverMaxChunkBytes = -1; // -1: OPTIONS not asked yet
    UploadChunks::Checksum m_checksum = UploadChunks::Checksum::Sha256; // from OPTIONS

    // The active upload.
    Step m_step = Step::Idle;
    quint64 m_generation = 0; // bumped when the active upload is dropped: late answers ignored
    AttachmentInfo m_active;
    std::unique_ptr<UploadChunks> m_chunks; // the chunk being sent and the next one
    qint64 m_chunkBytes = 0;                // the current chunk size (halved on 413)
    qint64 m_inFlightBytes = 0;             // of the PATCH body sent so far (progress only)
    int m_chunkResends = 0;                 // 460 checksum_mismatch on this chunk
    int m_fileRestarts = 0;                 // 460 sha256_mismatch on this file

    std::unique_ptr<Lookahead> m_lookahead;
    quint64 m_lookaheadGeneration = 0; // bumped when it is dropped: its late answer is ignored

    QList<AttachmentTransfer> m_doneThisSession;
};

} // namespace outpost
