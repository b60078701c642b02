// SyncController: the UI thread's handle on the sync engine. It owns a SyncEngine living in
// its own QThread; commands go to the engine as queued calls and never block, state comes
// back as SyncState values through signals (queued to the controller's thread).
//
//   auto connection = store->openConnection();          // UI thread, after unlock
//   SyncController sync(std::move(*connection));
//   connect(&sync, &SyncController::stateChanged, ...);
//   sync.start();
//   ... store->createRecord(...); sync.notifyLocalChange();
//
// Connectivity: with SyncConfig::watchNetwork, a ConnectivityMonitor (QNetworkInformation, in
// this thread) reports every change to the engine; a return of the network starts a cycle.
//
// THREAD: use from the thread that created it. stop() (or the destructor) waits for the
// engine's thread to end.
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QThread>

#include <memory>

#include "attachmenttransfer.h"
#include "networkstatus.h"
#include "syncconfig.h"
#include "syncstate.h"

namespace outpost {

class ConnectivityMonitor;
class LocalStore;
class SyncEngine;

class SyncController : public QObject
{
    Q_OBJECT

public:
    explicit SyncController(std::unique_ptr<LocalStore> engineConnection,
                            const SyncConfig &config = {}, QObject *parent = nullptr);
    ~SyncController() override; // stop()

    void start();
    void stop(); // aborts what runs, closes the engine's connection, ends the thread

    void enroll(const QString &serverUrl, const QString &username, const QString &password,
                const QString &deviceName);
    void syncNow();
    void notifyLocalChange(); // debounced sync after the person's edits
    // Queues a supervisor's decision (reviewqueue.h) in the engine's store; it is sent by the
    // next cycles (debounced like an edit) until the server has it.
    void queueReview(const QJsonObject &action);
    // New settings for the engine (sync interval, metered policy, ...): a queued call, so
    // they apply between two of the engine's steps. config() returns them at once.
    void setConfig(const SyncConfig &config);
    const SyncConfig &config() const { return m_config; }

    SyncState state() const { return m_state; } // the last state the engine reported
    // The last list of attachment transfers the engine reported (transfersChanged).
    QList<AttachmentTransfer> transfers() const { return m_transfers; }
    // The OS's view of the network (Unknown until start(), or with watchNetwork off).
    NetworkStatus networkStatus() const;
    // Passes a network status to the engine as if the OS had reported it (what the
    // ConnectivityMonitor does on every change).
    void setNetworkStatus(const NetworkStatus &status);

public slots:
    // Attachment transfers (docs/sync-engine.md "Attachments"), by attachment id (a UUID,
    // with or without braces). An unknown id is ignored (logged).
    void pauseTransfer(const QString &attachmentId);  // stops its bytes; kept until resumed
    void resumeTransfer(const QString &attachmentId); // a paused transfer goes on
    void retryTransfer(const QString &attachmentId);  // a failed transfer tries again now
    // Fetches an attachment uploaded by another device (Range-resumable), stored encrypted;
    // then LocalStore::openAttachment() reads it.
    void requestDownload(const QString &attachmentId);

signals:
    void stateChanged(const outpost::SyncState &state);
    // The whole list of uploads and downloads not yet Done, plus those finished since the
    // engine started. Throttled: at most a few times a second while bytes move.
    void transfersChanged(const QList<outpost::AttachmentTransfer> &transfers);
    void enrollFinished(const QString &errorCode, const QString &message);
    void cycleFinished(bool ok);
    void wiped();
    // Records pulled by the last cycles became searchable (search lags a pull by seconds).
    void searchIndexed();

private:
    QThread m_thread;
    SyncEngine *m_engine = nullptr;           // lives in m_thread; deleted when it finishes
    ConnectivityMonitor *m_monitor = nullptr; // owned (child); null with watchNetwork off
    NetworkStatus m_network;
    SyncState m_state;
    QList<AttachmentTransfer> m_transfers;
    SyncConfig m_config;
};

} // namespace outpost
