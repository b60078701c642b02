// Slows down password guessing. Failed sign-ins are counted per user name and per client
// address in the database (table signin_failures: shared by every server process, kept over
// restarts); a counter goes back to zero when no failure came for windowSeconds. Once a name
// or an address has its maximum of failures, sign-in for it answers 429 too_many_attempts
// with Retry-After for blockSeconds, doubling with each further failure up to
// maxBlockSeconds. A name is counted whether or not such a user exists, and a blocked
// sign-in is refused before the password is looked at, so the answers never tell whether a
// user exists. A successful sign-in clears its name's counter (not its address's: one valid
// account must not reset the counter of an address that is guessing others).
// Thread-safe (the calling thread's store connection).
#pragma once

#include <QString>

#include "httprequest.h"
#include "result.h"
#include "serverconfig.h"

namespace outpost {

class ServerStore;

class SignInLimiter
{
public:
    SignInLimiter(ServerStore *store, SignInLimitConfig config) // store: not owned
        : m_store(store), m_config(std::move(config))
    {}

    // The client's address: the peer's, or, when the peer is a trusted proxy, the last
    // X-Forwarded-For entry that is not one. IPv6 addresses count per /64 (one host usually
    // holds a whole /64).
    QString clientAddress(const HttpRequest &request) const;
    // Seconds until this name and address may try again; 0 when they may now.
    Result<qint64> secondsBlocked(const QString &username, const QString &address);
    Status recordFailure(const QString &username, const QString &address);
    Status recordSuccess(const QString &username);
    // Forgets counters that are over (quiet for windowSeconds and not blocked); for Sweeper.
    static Result<int> sweep(ServerStore *store, const SignInLimitConfig &config, qint64 nowMs);

private:
    Status fail(const QString &keyHash, int maxFailures, qint64 nowMs);

    ServerStore *m_store;
    SignInLimitConfig m_config;
};

} // namespace outpost
