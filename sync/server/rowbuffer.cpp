#include "rowbuffer.h"

#include "serverstore.h"

namespace outpost {

namespace {

constexpr qsizetype kMaxChunkRows = 256;

} // namespace

void RowBuffer::add(std::initializer_list<QVariant> row)
{
    Q_ASSERT(static_cast<int>(row.size()) == m_columns);
    m_values.append(QVariantList(row));
}

QString RowBuffer::statement(qsizetype rows) const
{
    QString one = QStringLiteral("(?");
    for (int c = 1; c < m_columns; ++c)
        one += QStringLiteral(", ?");
    one += QLatin1Char(')');
    QString sql = m_head + QStringLiteral(" VALUES ");
    sql.reserve(sql.size() + rows * (one.size() + 2) + m_tail.size() + 1);
    for (qsizetype r = 0; r < rows; ++r) {
        if (r > 0)
            sql += QStringLiteral(", ");
        sql += one;
    }
    if (!m_tail.isEmpty())
        sql += QLatin1Char(' ') + m_tail;
    return sql;
}

Status RowBuffer::flush(QSqlDatabase &db)
{
    qsizetype done = 0;
    const qsizetype total = rowCount();
    while (done < total) {
        qsizetype chunk = kMaxChunkRows;
        while (chunk > total - done)
            chunk /= 2;
        auto q = ServerStore::exec(db, statement(chunk),
                                   m_values.mid(done * m_columns, chunk * m_columns));
        if (!q)
            return q.error();
        done += chunk;
    }
    m_values.clear();
    return {};
}

} // namespace outpost
