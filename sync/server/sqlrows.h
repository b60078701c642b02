// The rows of one executed statement. Wraps a QSqlQuery that may be a cached prepared
// statement shared with later calls (see ServerStore::exec): read it before running the same
// statement again.
#pragma once

#include <QSqlQuery>
#include <QVariant>

#include <memory>

namespace outpost {

class SqlRows
{
public:
    explicit SqlRows(std::shared_ptr<QSqlQuery> query) : m_query(std::move(query)) {}

    bool next() { return m_query->next(); }
    QVariant value(int index) const { return m_query->value(index); }
    void finish() { m_query->finish(); }
    int rowsAffected() const { return m_query->numRowsAffected(); }

private:
    std::shared_ptr<QSqlQuery> m_query;
};

} // namespace outpost
