// Rows for one table collected during a write transaction and written by multi-row INSERTs
// (one statement per up to 256 rows instead of one per row). Chunks have power-of-two sizes,
// so every statement text repeats and ServerStore keeps it prepared (at most 9 per table).
// Not thread-safe; lives inside one unit of work.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include "result.h"

namespace outpost {

class RowBuffer
{
public:
    // head: "INSERT INTO t (a, b, c)"; tail: appended after the VALUES (e.g. "ON CONFLICT ...").
    RowBuffer(QString head, int columns, QString tail = {})
        : m_head(std::move(head)), m_tail(std::move(tail)), m_columns(columns)
    {}

    // One row: exactly `columns` values, in the order of the head's column list.
    void add(std::initializer_list<QVariant> row);
    bool isEmpty() const { return m_values.isEmpty(); }
    qsizetype rowCount() const { return m_values.size() / m_columns; }
    // Writes every buffered row (in the order added) and empties the buffer.
    Status flush(QSqlDatabase &db);

private:
    QString statement(qsizetype rows) const;

    QString m_head;
    QString m_tail;
    int m_columns;
    QVariantList m_values;
};

} // namespace outpost
