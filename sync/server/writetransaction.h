// One write transaction on this thread's connection, holding the version counter. On
// PostgreSQL the counter row is locked (SELECT ... FOR UPDATE) from begin() until commit, so
// version numbers are handed out in commit order and a pull cursor can never pass a version
// that is still uncommitted. On SQLite, BEGIN IMMEDIATE gives the same guarantee, and the
// store's writer mutex lines this process's writers up without SQLite's busy polling.
// Not copyable; rolls back in its destructor unless committed.
#pragma once

#include <QSqlDatabase>

#include <mutex>

#include "result.h"

namespace outpost {

class ServerStore;

class WriteTransaction
{
public:
    explicit WriteTransaction(ServerStore *store) : m_store(store) {} // not owned
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    Status begin();
    // The next server version (in memory; written back at commit).
    qint64 nextVersion() { return ++m_version; }
    qint64 lastVersion() const { return m_version; }
    // The counter when the transaction began: every version above it is this transaction's.
    qint64 startVersion() const { return m_startVersion; }
    QSqlDatabase &db() { return m_db; }
    Status commit();
    void rollback();

private:
    ServerStore *m_store;
    QSqlDatabase m_db;
    std::unique_lock<std::mutex> m_writer; // SQLite: this process's writer turn
    bool m_active = false;
    qint64 m_startVersion = 0;
    qint64 m_version = 0;
};

// A consistent read snapshot (PostgreSQL REPEATABLE READ, SQLite read transaction), so that
// the several queries of one pull page see the same committed state.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(ServerStore *store) : m_store(store) {}
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;

    Status begin();
    QSqlDatabase &db() { return m_db; }

private:
    ServerStore *m_store;
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace outpost
