// Test devices for the sync tests: an encrypted store in a temporary directory (cheap
// Argon2id cost) with a SyncController, plus a server set up with a team, users and forms of
// each conflict policy.
#pragma once

#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

#include "faultproxy.h"
#include "localstore.h"
#include "synccontroller.h"
#include "testserver.h"

namespace synctest {

// Team "north"; collectors alice and bob, supervisor sue; forms "lww" (last-write-wins) and
// "manual" (manual), both visible to the whole team, fields a (text) and b (integer).
bool setUpServer(TestServer &server);
// Starts the server with hour-long access tokens, then setUpServer; false (with the server's
// error in a warning) when either fails.
bool startSyncServer(TestServer &server);

// A sync server (startSyncServer) behind a fault proxy, made fresh for each test function: a
// suite calls start() in init() and stop() in cleanup(); devices connect to port().
struct ServerBehindProxy
{
    std::unique_ptr<TestServer> server;
    std::unique_ptr<FaultProxy> proxy;

    bool start();
    void stop();
    quint16 port() const { return proxy->serverPort(); }
    // The server's stored file of an uploaded attachment (empty while it is not complete).
    QByteArray attachmentFile(const QUuid &id) const;
};
// size bytes from QRandomGenerator(seed): an attachment's contents.
QByteArray randomFile(qint64 size, quint32 seed);
// The Upload-Offset of every PATCH the proxy saw, in order (-1 for a PATCH without one).
QList<qint64> patchOffsets(const FaultProxy &proxy);
// Form "files" (last-write-wins): a, b and f (a file field).
bool publishFilesForm(TestServer &server);
QString password(const QString &user);
outpost::SyncConfig fastConfig(); // small backoff, short timeouts, no automatic triggers

class TestDevice
{
public:
    explicit TestDevice(const outpost::SyncConfig &config = fastConfig());
    ~TestDevice();

    outpost::LocalStore &store() { return *m_store; }
    outpost::SyncController &sync() { return *m_sync; }
    QString directory() const { return m_dir.path(); }

    bool enroll(quint16 port, const QString &user);
    // One cycle; returns its outcome (ok), waiting up to timeoutMs.
    bool syncOnce(int timeoutMs = 30000);
    // Cycles (with the engine's retries) until one succeeds with nothing pending.
    bool syncUntilIdle(int timeoutMs = 60000);
    QUuid create(const QString &formId, const QJsonObject &values);
    bool update(const QUuid &id, const QJsonObject &values);
    QJsonObject values(const QUuid &id);
    int recordCount();

    // A new engine (SyncController) on the same store, as after an app restart.
    void restartEngine();
    // Imports bytes as an attachment of the record and sets field to it (one update op).
    QUuid attach(const QUuid &recordId, const QString &field, const QByteArray &bytes,
                 const QString &fileName = QStringLiteral("data.bin"));
    // The engine's last reported transfer of this attachment (valid until the next call).
    const outpost::AttachmentTransfer *transfer(const QUuid &attachmentId) const;
    bool waitForTransfer(const QUuid &attachmentId, outpost::AttachmentTransfer::State state,
                         int timeoutMs = 60000);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<outpost::LocalStore> m_store;
    std::unique_ptr<outpost::SyncController> m_sync;
    outpost::SyncConfig m_config;
};

} // namespace synctest
