// RAII over one prepared sqlite3_stmt of SQLCipher (finalized on destruction). Owned by the
// SqliteDatabase that prepared it (its statement cache) or by the caller for one-off SQL.
// Thread: the thread using its SqliteDatabase. Parameter and column indexes as in SQLite:
// bind from 1, columns from 0.
#pragma once

#include <QByteArray>
#include <QString>

#include "result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace outpost {

class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&) = delete;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, static_cast<qint64>(value)); }
    void bind(int index, const QString &value);
    void bind(int index, const QByteArray &value);             // as TEXT (UTF-8)
    void bindBlob(int index, const void *data, int sizeBytes); // copied by SQLite
    void bindNull(int index);

    // One step: true = a row is ready, false = done. Errors carry the SQLite message.
    Result<bool> step();
    // Steps to the end, for statements that return no rows.
    Status run();
    void reset(); // reset + clear bindings, ready to be bound again

    qint64 columnInt64(int column) const;
    int columnInt(int column) const { return static_cast<int>(columnInt64(column)); }
    QString columnText(int column) const;
    QByteArray columnBytes(int column) const; // TEXT or BLOB bytes
    bool columnIsNull(int column) const;
    // Raw column bytes, valid until the next step/reset (no copy: for secrets).
    const void *columnBlobData(int column) const;
    int columnSizeBytes(int column) const;

private:
    sqlite3 *m_db = nullptr;        // not owned
    sqlite3_stmt *m_stmt = nullptr; // owned
};

} // namespace outpost
