#include "writetransaction.h"

#include <QSqlQuery>

#include "serverstore.h"

namespace outpost {

WriteTransaction::~WriteTransaction()
{
    rollback();
}

Status WriteTransaction::begin()
{
    auto db = m_store->database();
    if (!db)
        return db.error();
    m_db = *db;
    if (!m_store->isPostgres())
        m_writer = std::unique_lock(m_store->sqliteWriter());
    const QString begin =
        m_store->isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
    if (auto q = ServerStore::exec(m_db, begin); !q)
        return q.error(); // the writer turn ends with this object
    m_active = true;
    const QString select = m_store->isPostgres()
                               ? QStringLiteral("SELECT value FROM counters WHERE name = "
                                                "'version' FOR UPDATE")
                               : QStringLiteral("SELECT value FROM counters WHERE name = "
                                                "'version'");
    auto q = ServerStore::exec(m_db, select);
    if (!q) {
        rollback();
        return q.error();
    }
    if (!q->next()) {
        rollback();
        return databaseError(QStringLiteral("reading the version counter"),
                             QStringLiteral("no counter row"));
    }
    m_startVersion = m_version = q->value(0).toLongLong();
    return {};
}

Status WriteTransaction::commit()
{
    if (m_version != m_startVersion) {
        auto q = ServerStore::exec(m_db,
                                   QStringLiteral("UPDATE counters SET value = ? WHERE name = "
                                                  "'version'"),
                                   {m_version});
        if (!q) {
            rollback();
            return q.error();
        }
    }
    ServerStore::finishStatements();
    auto q = ServerStore::exec(m_db, QStringLiteral("COMMIT"));
    if (!q) {
        rollback();
        return q.error();
    }
    m_active = false;
    m_writer = {}; // this process's next writer may begin
    return {};
}

void WriteTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    ServerStore::finishStatements();
    QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    m_writer = {};
}

ReadSnapshot::~ReadSnapshot()
{
    if (!m_active)
        return;
    ServerStore::finishStatements();
    QSqlQuery(m_db).exec(QStringLiteral("COMMIT"));
}

Status ReadSnapshot::begin()
{
    auto db = m_store->database();
    if (!db)
        return db.error();
    m_db = *db;
    const QString begin = m_store->isPostgres()
                              ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                              : QStringLiteral("BEGIN");
    if (auto q = ServerStore::exec(m_db, begin); !q)
        return q.error();
    m_active = true;
    return {};
}

} // namespace outpost
