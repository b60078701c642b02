#include "storeconnection.h"

#include "storelogging.h"

#define SQLITE_HAS_CODEC 1     // declares sqlite3_key / sqlite3_rekey
#include <sqlcipher/sqlite3.h> // SQLCipher's header, never the system sqlite3.h

#include <sodium.h>

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>

#include <atomic>

namespace outpost {

namespace {

// What a -wal file is cut back to when a checkpoint lets it start over (PRAGMA
// journal_size_limit): a few automatic checkpoints' worth.
constexpr qint64 kWalSizeLimitBytes = 32ll * 1024 * 1024;

QMutex g_registryMutex;
QHash<QString, int> g_openCounts; // canonical path -> open connections (guarded)
std::atomic<StoreCrashHook> g_crashHook{nullptr};

QString canonical(const QString &path)
{
    const QString c = QFileInfo(path).canonicalFilePath();
    return c.isEmpty() ? QFileInfo(path).absoluteFilePath() : c;
}

// "x'<64 hex digits>'" in secure memory: SQLCipher's raw-key syntax (its own KDF skipped).
SecureBuffer rawKeyLiteral(const SecureBuffer &key)
{
    const std::size_t hexChars = key.size() * 2;
    SecureBuffer literal(hexChars + 4); // x ' hex ' NUL
    if (!literal.isValid())
        return literal;
    char *out = reinterpret_cast<char *>(literal.data());
    out[0] = 'x';
    out[1] = '\'';
    sodium_bin2hex(out + 2, hexChars + 1, key.data(), key.size());
    out[2 + hexChars] = '\'';
    out[3 + hexChars] = '\0';
    literal.resize(hexChars + 3);
    return literal;
}

// The settings that differ between SQLCipher 3 and 4, pinned so a database made here opens
// the same on both: 4 KiB pages, HMAC-SHA1 page MAC and PBKDF2-SHA1 for the HMAC key (the
// 3.x defaults; the two algorithm pragmas exist only in 4.x and 3.x ignores them). kdf_iter
// does not matter with a raw key but is pinned too. Must be repeated on every open.
QByteArray cipherSettings(int pageSizeBytes)
{
    return "PRAGMA cipher_page_size = " + QByteArray::number(pageSizeBytes) +
           ";"
           "PRAGMA kdf_iter = 64000;"
           "PRAGMA cipher_hmac_algorithm = HMAC_SHA1;"
           "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;";
}

} // namespace

void setStoreCrashHook(StoreCrashHook hook)
{
    g_crashHook.store(hook);
}

void storeCrashPoint(const char *point)
{
    if (StoreCrashHook hook = g_crashHook.load())
        hook(point);
}

int StoreConnection::openConnectionCount(const QString &path)
{
    QMutexLocker locker(&g_registryMutex);
    return g_openCounts.value(canonical(path));
}

StoreConnection::~StoreConnection()
{
    m_db.reset();
    m_databaseKey.clear();
    m_attachmentKey.clear();
    if (m_registered) {
        QMutexLocker locker(&g_registryMutex);
        const QString key = canonical(m_path);
        if (--g_openCounts[key] <= 0)
            g_openCounts.remove(key);
    }
}

Result<std::unique_ptr<StoreConnection>>
StoreConnection::open(const QString &path, SecureBuffer databaseKey, int cipherPageSizeBytes,
                      const StoreOptions &options, bool create)
{
    const bool existed = QFileInfo::exists(path);
    auto db = SqliteDatabase::open(path, create);
    if (!db)
        return db.error();

    // The guard. Without SQLCipher, PRAGMA key is a silent no-op and everything would be
    // written in plaintext: refuse before writing anything.
    auto cipherVersion = (*db)->queryText("PRAGMA cipher_version");
    if (!cipherVersion || cipherVersion->isEmpty()) {
        db->reset();
        if (!existed) {
            QFile::remove(path); // made empty by open; nothing was written to it
            QFile::remove(path + QStringLiteral("-journal"));
        }
        qCCritical(lcStore) << "refusing to open the store: SQLCipher is not the loaded SQLite"
                            << "(a plain libsqlite3 was linked or loaded first)";
        return Error::permanentError(
            QStringLiteral("sqlcipher_missing"),
            QStringLiteral("the database library in use is plain SQLite, not SQLCipher; refusing "
                           "to open the store, because data would be written unencrypted"));
    }

    std::unique_ptr<StoreConnection> conn(new StoreConnection);
    conn->m_path = path;
    conn->m_db = std::move(db).value();
    conn->m_databaseKey = std::move(databaseKey);
    conn->m_pageSizeBytes = cipherPageSizeBytes;
    {
        QMutexLocker locker(&g_registryMutex);
        ++g_openCounts[canonical(path)];
        conn->m_registered = true;
    }

    SecureBuffer literal = rawKeyLiteral(conn->m_databaseKey);
    if (!literal.isValid() || !conn->m_databaseKey.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    if (sqlite3_key(conn->m_db->handle(), literal.data(), static_cast<int>(literal.size())) !=
        SQLITE_OK)
        return conn->m_db->lastError(QStringLiteral("keying the store"));
    literal.clear();
    const QByteArray settings = cipherSettings(cipherPageSizeBytes);
    if (Status s = conn->m_db->exec(settings.constData()); !s)
        return s.error();

    // A wrong key is not reported by keying: the first read fails with SQLITE_NOTADB.
    auto check = conn->m_db->queryInt("SELECT count(*) FROM sqlite_master");
    if (!check) {
        if (conn->m_db->lastErrorCode() == SQLITE_NOTADB)
            return Error::permanentError(QStringLiteral("wrong_key"),
                                         QStringLiteral("the key does not open the store"));
        return check.error();
    }

    auto appId = conn->m_db->queryInt("PRAGMA application_id");
    if (!appId)
        return appId.error();
    if (*check > 0 && *appId != 0x4F505354)
        return Error::permanentError(QStringLiteral("not_outpost_database"),
                                     QStringLiteral("%1 is not an Outpost store").arg(path));

    conn->m_db->setBusyTimeout(options.busyTimeoutMs);
    auto mode = conn->m_db->queryText("PRAGMA journal_mode = WAL");
    if (!mode)
        return mode.error();
    if (mode->compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
        return Error::permanentError(QStringLiteral("store_error"),
                                     QStringLiteral("cannot switch the store to WAL mode"));
    // temp_store = MEMORY: sorts and temporary tables never reach the disk unencrypted.
    const QByteArray pragmas =
        QByteArray("PRAGMA synchronous = ") + (options.fullSync ? "FULL" : "NORMAL") +
        "; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -" +
        QByteArray::number(qMax(512, options.cacheSizeKiB)) + "; PRAGMA wal_autocheckpoint = " +
        QByteArray::number(qMax(0, options.walAutoCheckpointPages)) +
        // Without a limit the -wal file keeps its largest size for good once a checkpoint has
        // reset it: 1.4 GB after 10,000 offline saves in bench_sync (docs/store.md).
        "; PRAGMA journal_size_limit = " + QByteArray::number(kWalSizeLimitBytes) + ";";
    if (Status s = conn->m_db->exec(pragmas.constData()); !s)
        return s.error();
    return conn;
}

Status StoreConnection::loadAttachmentKey()
{
    auto stmt = m_db->prepare("SELECT value FROM store_meta WHERE key = 'attachment_key'");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row || stmt->columnSizeBytes(0) != crypto_secretstream_xchacha20poly1305_KEYBYTES)
        return Error::permanentError(QStringLiteral("store_corrupt"),
                                     QStringLiteral("the store has no valid attachment key"));
    SecureBuffer key(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    if (!key.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    memcpy(key.data(), stmt->columnBlobData(0), key.size());
    m_attachmentKey = std::move(key);
    return {};
}

Status StoreConnection::rekey(SecureBuffer newKey)
{
    m_db->clearStatementCache();
    // Rekey rewrites every page; do it on a checkpointed database in rollback-journal mode
    // so that no WAL frame encrypted with the old key is left behind.
    if (Status s = m_db->exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s)
        return s;
    auto mode = m_db->queryText("PRAGMA journal_mode = DELETE");
    if (!mode)
        return mode.error();
    SecureBuffer literal = rawKeyLiteral(newKey);
    if (!literal.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    const int rc = sqlite3_rekey(m_db->handle(), literal.data(), static_cast<int>(literal.size()));
    literal.clear();
    if (rc != SQLITE_OK) {
        Error error = m_db->lastError(QStringLiteral("rekeying the store"));
        (void)m_db->queryText("PRAGMA journal_mode = WAL");
        return error;
    }
    m_databaseKey = std::move(newKey);
    auto check = m_db->queryInt("SELECT count(*) FROM sqlite_master");
    if (!check)
        return check.error();
    auto back = m_db->queryText("PRAGMA journal_mode = WAL");
    if (!back)
        return back.error();
    return {};
}

} // namespace outpost
