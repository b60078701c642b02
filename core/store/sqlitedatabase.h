// RAII over one SQLCipher connection (sqlite3 *), closed on destruction, with a cache of
// prepared statements keyed by their SQL text (the SQL must be a string literal or outlive
// the connection). Knows nothing about keys or schema: StoreConnection does that.
// Thread: one thread at a time (the connection is opened with SQLITE_OPEN_NOMUTEX).
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>

#include "result.h"
#include "sqlitestatement.h"

struct sqlite3;

namespace outpost {

class SqliteDatabase
{
public:
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    // Opens (and with create, makes) the file. No SQL is run.
    static Result<std::unique_ptr<SqliteDatabase>> open(const QString &path, bool create);

    Status exec(const char *sql); // one or more statements, no rows wanted
    Result<SqliteStatement> prepare(const char *sql);
    // A cached prepared statement, reset and with no bindings. Owned by this object; valid
    // until the connection closes. Do not hold two uses of the same SQL at once.
    Result<SqliteStatement *> cached(const char *sql);
    // Runs a one-column query and returns the first row's text, or empty if no row.
    Result<QString> queryText(const char *sql);
    Result<qint64> queryInt(const char *sql); // 0 if no row

    sqlite3 *handle() const { return m_db; }
    int changes() const;
    qint64 lastInsertRowId() const;
    void setBusyTimeout(int timeoutMs);
    void clearStatementCache(); // before rekey / close

    // Maps the connection's last error (or the given SQLite result code) to an Error with a
    // stable code: store_busy (transient), store_corrupt, io_error, disk_full, ...
    Error lastError(const QString &context) const;
    int lastErrorCode() const; // primary SQLite result code of the last call
    static Error errorFor(int sqliteCode, const QString &context, const QString &detail);

private:
    explicit SqliteDatabase(sqlite3 *db) : m_db(db) {}

    sqlite3 *m_db = nullptr; // owned
    QHash<QByteArray, std::shared_ptr<SqliteStatement>> m_cache;
};

} // namespace outpost
