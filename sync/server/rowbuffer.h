// Rows for one table collected during a write transaction and written together at the end.
// Binding values one by one through QSqlQuery cost more than the database's own work (Qt
// formats a placeholder name for every bound value), so: on SQLite the rows go through one
// sqlite3 statement on the connection's own handle (prepared once per flush, bound with the C
// API, stepped per row); on PostgreSQL they travel as ONE JSON array of arrays bound to one
// parameter and unpacked by json_array_elements (one round trip per table and batch).
// Not thread-safe; lives inside one unit of work.
#pragma once

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include "result.h"

namespace outpost {

class RowBuffer
{
public:
    // head: "INSERT INTO t (a, b, c)"; tail: appended after the rows (e.g. "ON CONFLICT ...").
    RowBuffer(QString head, int columns, QString tail = {})
        : m_head(std::move(head)), m_tail(std::move(tail)), m_columns(columns)
    {}

    // One row: exactly `columns` values, in the order of the head's column list. Integers
    // (int, qint64) go to integer columns; strings to text (a null QString is SQL NULL).
    void add(std::initializer_list<QVariant> row);
    bool isEmpty() const { return m_rows == 0; }
    qsizetype rowCount() const { return m_rows; }
    // Writes every buffered row (in the order added) and empties the buffer.
    Status flush(QSqlDatabase &db);

    // The SQL of a JSON array of strings as a one-column table (column "value").
    static QString jsonArrayValues(const QSqlDatabase &db);

private:
    Status flushSqlite(void *handle); // handle: the connection's sqlite3*
    Status flushJson(QSqlDatabase &db);

    QString m_head;
    QString m_tail;
    int m_columns;
    QList<bool> m_integer; // per column, from the first row
    QVariantList m_values; // row after row
    qsizetype m_rows = 0;
};

} // namespace outpost
