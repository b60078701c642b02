// One keyed SQLCipher connection to a store database, with the keys it needs in secure
// memory: the 32-byte database key (Argon2id output) and the attachment key (read from the
// database). Internal to outpost_store; LocalStore owns one. Thread: as LocalStore.
#pragma once

#include <QString>

#include <functional>
#include <memory>

#include "result.h"
#include "securebuffer.h"
#include "sqlitedatabase.h"
#include "storeoptions.h"

namespace outpost {

class StoreConnection
{
public:
    ~StoreConnection(); // closes, wipes the keys
    StoreConnection(const StoreConnection &) = delete;
    StoreConnection &operator=(const StoreConnection &) = delete;

    // Opens path and keys it with databaseKey (raw key, SQLCipher's KDF skipped), after the
    // guard: unless PRAGMA cipher_version answers, a plain SQLite is loaded instead of
    // SQLCipher and the call fails with "sqlcipher_missing" before anything is written (a
    // file it just made is removed). A wrong key fails with "wrong_key" (nothing written).
    // Sets WAL, busy timeout, synchronous, temp_store=MEMORY. Does not migrate.
    static Result<std::unique_ptr<StoreConnection>> open(const QString &path,
                                                         SecureBuffer databaseKey,
                                                         int cipherPageSizeBytes,
                                                         const StoreOptions &options, bool create);

    SqliteDatabase &db() { return *m_db; }
    const QString &path() const { return m_path; }
    const SecureBuffer &databaseKey() const { return m_databaseKey; }
    int cipherPageSizeBytes() const { return m_pageSizeBytes; }
    const SecureBuffer &attachmentKey() const { return m_attachmentKey; }
    Status loadAttachmentKey(); // after migration to version 2 or later

    // PRAGMA rekey to newKey (WAL checkpointed first). On success the connection uses newKey.
    Status rekey(SecureBuffer newKey);

    // Open connections to this file in this process (canonical path).
    static int openConnectionCount(const QString &path);

private:
    StoreConnection() = default;

    QString m_path;
    std::unique_ptr<SqliteDatabase> m_db;
    SecureBuffer m_databaseKey;
    SecureBuffer m_attachmentKey;
    int m_pageSizeBytes = 4096;
    bool m_registered = false;
};

// Test hook: called at named points of risky sequences ("record_written", "rekeyed", ...);
// a crash test sets it to SIGKILL the process there. Null (the default) in the app.
using StoreCrashHook = void (*)(const char *point);
void setStoreCrashHook(StoreCrashHook hook);
void storeCrashPoint(const char *point);

} // namespace outpost
