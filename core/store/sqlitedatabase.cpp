#include "sqlitedatabase.h"

#include "storelogging.h"

#include <sqlcipher/sqlite3.h> // SQLCipher's header, never the system sqlite3.h

#include <QFile>

namespace outpost {

SqliteDatabase::~SqliteDatabase()
{
    clearStatementCache();
    if (m_db && sqlite3_close(m_db) != SQLITE_OK)
        qCWarning(lcStore) << "sqlite3_close failed:" << sqlite3_errmsg(m_db);
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const QString &path, bool create)
{
    sqlite3 *db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create)
        flags |= SQLITE_OPEN_CREATE;
    const QByteArray nativePath = QFile::encodeName(path);
    const int rc = sqlite3_open_v2(nativePath.constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString detail = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString();
        sqlite3_close(db);
        return errorFor(rc, QStringLiteral("opening %1").arg(path), detail);
    }
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(db));
}

Status SqliteDatabase::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    const QString detail = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
    sqlite3_free(message);
    return errorFor(rc, QString::fromUtf8(sql).left(60), detail);
}

Result<SqliteStatement> SqliteDatabase::prepare(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return lastError(QString::fromUtf8(sql).left(60));
    }
    return SqliteStatement(m_db, stmt);
}

Result<SqliteStatement *> SqliteDatabase::cached(const char *sql)
{
    const QByteArray key = QByteArray::fromRawData(sql, static_cast<qsizetype>(strlen(sql)));
    auto it = m_cache.find(key);
    if (it != m_cache.end()) {
        (*it)->reset();
        return it->get();
    }
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto owned = std::make_shared<SqliteStatement>(std::move(stmt).value());
    SqliteStatement *raw = owned.get();
    m_cache.insert(key, std::move(owned));
    return raw;
}

Result<QString> SqliteDatabase::queryText(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->columnText(0) : QString();
}

Result<qint64> SqliteDatabase::queryInt(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->columnInt64(0) : 0;
}

int SqliteDatabase::changes() const
{
    return sqlite3_changes(m_db);
}

qint64 SqliteDatabase::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

void SqliteDatabase::setBusyTimeout(int timeoutMs)
{
    sqlite3_busy_timeout(m_db, timeoutMs);
}

void SqliteDatabase::clearStatementCache()
{
    m_cache.clear();
}

int SqliteDatabase::lastErrorCode() const
{
    return sqlite3_errcode(m_db) & 0xff;
}

Error SqliteDatabase::lastError(const QString &context) const
{
    return errorFor(sqlite3_extended_errcode(m_db), context,
                    QString::fromUtf8(sqlite3_errmsg(m_db)));
}

Error SqliteDatabase::errorFor(int sqliteCode, const QString &context, const QString &detail)
{
    const QString message = QStringLiteral("%1: %2").arg(context, detail);
    switch (sqliteCode & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Error::transientError(QStringLiteral("store_busy"), message);
    case SQLITE_NOTADB: // after a successful key check: a page that fails its HMAC
    case SQLITE_CORRUPT:
        return Error::permanentError(QStringLiteral("store_corrupt"), message);
    case SQLITE_FULL:
        return Error::transientError(QStringLiteral("disk_full"), message);
    case SQLITE_NOMEM:
        return Error::transientError(QStringLiteral("out_of_memory"), message);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return Error::transientError(QStringLiteral("io_error"), message);
    default:
        return Error::permanentError(QStringLiteral("store_error"), message);
    }
}

} // namespace outpost
