// Periodic housekeeping of `serve`, on its own thread (so that it never holds up requests),
// at start and then every limits.sweep_interval_s:
//   - unfinished uploads past their expiry: reset (HEAD and PATCH then answer 404, a POST
//     starts again at 0) and their DATA_DIR/uploads/<id>.part deleted, without waiting for a
//     client to come back (before, only a new POST discarded them);
//   - sign-in failure counters that are over (SignInLimiter);
//   - stored answers of idempotent requests older than the refresh token lifetime (a device
//     that has been away longer signs in again, as a new device with new keys).
// With several server processes each sweeps; every step is idempotent.
#pragma once

#include <QObject>

#include "result.h"
#include "serverconfig.h"

class QThread;
class QTimer;

namespace outpost {

class ServerStore;

class Sweeper : public QObject
{
    Q_OBJECT

public:
    struct Counts
    {
        int uploads = 0;
        int signInCounters = 0;
        int replies = 0;
    };

    // store: not owned, must outlive the sweeper's thread.
    Sweeper(ServerStore *store, ServerConfig config);

    // One sweep, on the calling thread's store connection.
    Result<Counts> sweepOnce();
    // Moves this object to thread (running) and sweeps there now and then periodically.
    // Delete it with deleteLater (e.g. on the thread's finished signal).
    void startOn(QThread *thread);

private:
    void onTimer();

    ServerStore *m_store;
    ServerConfig m_config;
    QTimer *m_timer = nullptr; // child, created on the sweeper's thread
};

} // namespace outpost
