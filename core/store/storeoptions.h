// How a store is opened. Value type; the defaults are what the app uses.
#pragma once

#include <QtGlobal>

namespace outpost {

struct StoreOptions
{
    // The current Argon2id cost (libsodium crypto_pwhash, ALG_ARGON2ID13). A store whose
    // parameters file records a lower cost is re-derived and rekeyed on its next unlock.
    // Measured on the reference machine in docs/store.md. Tests lower these to stay fast.
    quint64 kdfOpsLimit = 3;
    quint64 kdfMemLimitBytes = 64ull * 1024 * 1024;

    // How long a write waits for the other connection's write transaction before failing
    // with the transient error "store_busy". Milliseconds.
    int busyTimeoutMs = 10000;

    // PRAGMA synchronous: FULL (true) makes every committed save survive a power loss, at
    // the price of one more fsync per commit; NORMAL (false) survives process crashes only.
    bool fullSync = true;

    static StoreOptions fastForTests(); // minimal Argon2id cost; never for real data
};

} // namespace outpost
