// Failed unlocks in a row, kept beside the key parameters (StoreLocation::unlockAttemptsPath,
// JSON {"failures", "last_failure_at"}; no secret), so that quitting and restarting the app
// does not reset the wait between tries. Deleting the file by hand only gives back the free
// tries (Argon2id still makes each guess cost about half a second). UI thread only.
#pragma once

#include <QDateTime>

#include "storelocation.h"

namespace outpost::ui {

class UnlockAttempts
{
public:
    explicit UnlockAttempts(StoreLocation location);

    int failures() const { return m_failures; }
    // Seconds the next try must still wait at `now` (0 = may try). A clock set back before
    // the last failure counts as no time having passed.
    int remainingWaitSeconds(const QDateTime &now) const;
    // Seconds to wait after `failures` wrong passphrases in a row: three tries free, then
    // 2, 4, 8 ... seconds, at most five minutes.
    static int backoffSeconds(int failures);

    void recordFailure(const QDateTime &now); // written at once (atomic replace)
    void reset();                             // after a successful unlock: the file goes

private:
    void load();

    StoreLocation m_location;
    int m_failures = 0;
    QDateTime m_lastFailureAt; // UTC
};

} // namespace outpost::ui
