#include "writetransaction.h"

#include "sqlitedatabase.h"
#include "storelogging.h"

namespace outpost {

WriteTransaction::WriteTransaction(SqliteDatabase &db) : m_db(db)
{
    m_begin = m_db.exec("BEGIN IMMEDIATE");
    m_open = m_begin.ok();
}

WriteTransaction::~WriteTransaction()
{
    if (m_open) {
        const Status rolledBack = m_db.exec("ROLLBACK");
        if (!rolledBack)
            qCWarning(lcStore) << "rollback failed:" << rolledBack.error().message;
    }
}

Status WriteTransaction::commit()
{
    Status committed = m_db.exec("COMMIT");
    if (committed)
        m_open = false; // on failure the destructor rolls back
    return committed;
}

ReadTransaction::ReadTransaction(SqliteDatabase &db) : m_db(db)
{
    m_begin = m_db.exec("BEGIN");
}

ReadTransaction::~ReadTransaction()
{
    if (m_begin)
        (void)m_db.exec("COMMIT");
}

} // namespace outpost
