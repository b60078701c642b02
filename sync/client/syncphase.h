// What the sync engine is doing now, or why it stopped.
#pragma once

#include <QString>

namespace outpost {

enum class SyncPhase
{
    NotEnrolled,    // no device id / token yet: enroll first
    Idle,           // nothing running; waits for a trigger
    Enrolling,      // signing in
    Pushing,        // sending outbox batches
    Pulling,        // applying pull pages
    WaitingToRetry, // a transient failure; the next attempt is scheduled
    SignInRequired, // the tokens expired or were refused: sign in again (local work stays)
    Revoked,        // the server revoked this device: syncing stopped
    Wiped,          // the server asked for a wipe; local data is gone
};

QString syncPhaseName(SyncPhase phase); // "not_enrolled", "idle", "pushing", ...

} // namespace outpost
