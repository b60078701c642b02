// SyncEngine: the device's synchronization worker. It lives in its own QThread (see
// SyncController), with its own store connection and its own QNetworkAccessManager, so
// nothing it does can freeze the UI. Commands arrive as queued calls to its slots; state
// leaves as SyncState values (stateChanged).
//
// One cycle = ask the server's /healthz (no sync against a server that says it is not well,
// whatever the OS thinks of the network), push the outbox in batches (each op marked with the
// server's result; nothing marked before the server said so), then pull pages until there are no
// more (each page and its cursor in one store transaction). A transient failure (no network,
// timeout, 408, 429, 5xx, 503 + Retry-After, a malformed answer) ends the cycle and schedules the
// next one with capped exponential backoff and full jitter; the same ops are simply resent (the
// server applies an op id at most once). Permanent failures are shown, never retried blindly.
//
// THREAD: every member function runs in the engine's thread (after moveToThread), except the
// constructor.
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

#include "apirequest.h"
#include "attachmenttransfer.h"
#include "backoff.h"
#include "credentials.h"
#include "httpreply.h"
#include "networkstatus.h"
#include "operation.h"
#include "pusher.h"
#include "syncconfig.h"
#include "syncstate.h"

namespace outpost {

class ApiClient;
class AttachmentDownloader;
class LocalStore;
class UploadQueue;

class SyncEngine : public QObject
{
    Q_OBJECT

public:
    // store: the engine's own connection (LocalStore::openConnection()); taken over, moved
    // to the engine's thread with it.
    SyncEngine(std::unique_ptr<LocalStore> store, const SyncConfig &config);
    ~SyncEngine() override;

public slots:
    void start(); // creates the network objects and timers; syncs if enrolled + syncOnStart
    // Signs in (POST /api/v1/auth/signin) and keeps the device id and tokens in the store.
    // The password is used once and not kept.
    void enroll(const QString &serverUrl, const QString &username, const QString &password,
                const QString &deviceName);
    void syncNow();      // a cycle now (or right after the running one)
    void localChanged(); // debounced: a cycle once the person paused for debounceMs
    // The OS's view of the network changed (SyncController's ConnectivityMonitor): a return
    // of connectivity starts a cycle at once (the backoff is reset). Never blocks a cycle:
    // the server's /healthz decides.
    void networkChanged(const outpost::NetworkStatus &status);
    void shutdown(); // aborts requests, closes the store connection
    // The person changed a setting: takes effect now (the periodic timer restarts with the
    // new interval; the metered policy applies to the next transfer decision). A cycle that
    // runs keeps going. The request timeout and backoff bounds keep their start values.
    void setConfig(const outpost::SyncConfig &config);
    // A supervisor's decision (reviewqueue::resolveAction / reviewAction): stored in the
    // review queue at once, sent by the next cycles until the server has it.
    void queueReview(const QJsonObject &action);
    // Attachment transfers by attachment id (syncengine_transfers.cpp); see SyncController.
    void pauseTransfer(const QString &attachmentId);
    void resumeTransfer(const QString &attachmentId);
    void retryTransfer(const QString &attachmentId);
    void requestDownload(const QString &attachmentId);

signals:
    void stateChanged(const outpost::SyncState &state);
    // The full list (SyncController::transfersChanged); throttled by m_transfersTimer.
    void transfersChanged(const QList<outpost::AttachmentTransfer> &transfers);
    // errorCode empty = enrolled.
    void enrollFinished(const QString &errorCode, const QString &message);
    void cycleFinished(bool ok);
    void wiped(); // local data destroyed on the server's order; the server was told
    // Pulled records became searchable: the idle pass (syncengine_search.cpp) indexed them.
    void searchIndexed();

private:
    using ReplyHandler = std::function<void(const HttpReply &)>;

    void runCycle();
    void checkHealth(); // GET /healthz, then push (or fail the cycle)
    // Push (syncengine_push.cpp): up to pushPipelineDepth batches in flight, record-disjoint.
    void startPush();
    void fillPushPipeline(); // sends batches until the pipeline is full or nothing can go
    void sendPush(PushBatch batch);
    void onPushReply(quint64 batchId, const HttpReply &reply);
    void finishPush(); // the outbox is empty (or all rejected): on to reviews and pull
    void dropPushes(); // forgets the batches in flight (their requests are aborted)
    void endPush();    // dropPushes() and resumes the store's checkpoints
    // Between push and pull (syncengine_review.cpp): /api/v1/me once, the review queue in
    // order, then the resolved conflicts for a supervisor.
    void syncReviews();
    void sendNextReview();
    void fetchResolvedConflicts();
    void pullNext();
    void onPullReply(const HttpReply &reply);
    void finishCycle();
    void failCycle(const Error &error, qint64 retryAfterMs = 0);
    // Sends with the access token; refreshes it first when it is about to expire, and once
    // more when the server says it expired. A failed refresh comes back as the reply.
    void sendAuthed(const QByteArray &method, const QString &path, const QByteArray &body,
                    ReplyHandler done, bool mayRefresh = true);
    void sendAuthed(const ApiRequest &request, ReplyHandler done, bool mayRefresh = true);
    void refresh(std::function<void(const HttpReply *failure)> then);
    void wipe();
    void indexSearchSoon(); // the idle pass: one chunk per event loop turn, between cycles
    void indexSearchStep();
    void checkpointAfterSaves(); // m_checkpointTimer: a PASSIVE checkpoint unless a push defers
    void setPhase(SyncPhase phase);
    void publish();        // refreshes the counts from the store and emits stateChanged if changed
    void startTransfers(); // makes the upload queue (in start())
    void scheduleTransfersPublish(); // emits transfersChanged soon (at most every kTransfersMs)
    void publishTransfers();
    void watchOutsideChanges();  // starts or stops m_outsideChangesTimer
    void followOutsideChanges(); // a transfer paused through another connection stops
    QList<AttachmentTransfer> currentTransfers() const;
    void abortRequests(); // every request in flight, the refresh waiters, the active upload

    LocalStore *m_store = nullptr; // owned (child); null after shutdown or wipe
    SyncConfig m_config;
    ApiClient *m_api = nullptr; // owned (child), made in start()
    Credentials m_credentials;
    Backoff m_backoff;
    SyncState m_state;
    NetworkStatus m_network; // the OS's last word (Unknown without a backend)
    QTimer *m_retryTimer = nullptr;
    QTimer *m_debounceTimer = nullptr;
    QTimer *m_periodicTimer = nullptr;
    QTimer *m_searchTimer = nullptr;
    QTimer *m_transfersTimer = nullptr;      // single shot: coalesces transfersChanged
    QElapsedTimer m_transfersPublished;      // since the last transfersChanged
    QTimer *m_outsideChangesTimer = nullptr; // polls the store while a transfer moves
    qint64 m_outsideChangeCount = -1;        // LocalStore::outsideChangeCount when last seen
    // Single shot, kIdleCheckpointMs after a local change (not restarted by the next ones):
    // the UI's connection never checkpoints, so without it the saves of an offline session
    // piled up in the WAL until the next push's first commit copied them all.
    QTimer *m_checkpointTimer = nullptr;
    UploadQueue *m_uploads = nullptr;            // owned (child), made in start()
    AttachmentDownloader *m_downloads = nullptr; // owned (child), made in start()
    bool m_cycleRunning = false;
    bool m_cycleAgain = false;
    int m_batchOps = 0;
    // Push batches sent and not yet written back, by batch id (ascending = sending order);
    // their records are in m_busyRecords until their answer is written.
    struct SentBatch
    {
        PushBatch batch;
        bool answered = false;
    };
    QMap<quint64, SentBatch> m_pushes;
    QSet<QString> m_busyRecords;
    int m_pushesUnanswered = 0;
    quint64 m_lastPushId = 0;
    bool m_checkpointsDeferred = false;
    QString m_lastCursor;
    QList<std::function<void(const HttpReply *failure)>> m_refreshWaiters; // one refresh at a time
};

} // namespace outpost
