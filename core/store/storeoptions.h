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

    // PRAGMA synchronous. NORMAL (false, the default): a committed save survives any crash or
    // kill of the process, and the database is never corrupted, but a power loss may undo
    // the last commits that the OS had not yet written (until LocalStore::syncToDisk() or
    // the next automatic checkpoint). FULL (true): every commit waits for an fsync; on the
    // reference machine that alone is 7 ms at p50 and 16 ms at p99 (docs/store.md).
    bool fullSync = false;

    // Automatic WAL checkpoint after this many WAL pages, run inside the commit that crosses
    // it (with fsyncs: 10-30 ms here). 0 = never: then another connection must call
    // syncToDisk() regularly. The app turns it off on the UI thread's connection and lets the
    // sync thread's connection checkpoint, so that no save waits for a checkpoint.
    int walAutoCheckpointPages = 1000;

    // SQLite page cache per connection, KiB (PRAGMA cache_size = -N).
    int cacheSizeKiB = 8192;

    // SQLCipher page size of a store made by create() (a power of two, 512..65536). An
    // existing store always keeps the size its parameters file records (docs/store.md).
    int newStorePageSizeBytes = 8192;

    static StoreOptions fastForTests(); // minimal Argon2id cost; never for real data
};

} // namespace outpost
