#include "walcheckpointer.h"

#include <sqlite3.h>

#include <chrono>

#include "serverlogging.h"

namespace outpost {

WalCheckpointer::WalCheckpointer(QString path, int thresholdPages, std::mutex &writer)
    : m_path(std::move(path)), m_thresholdPages(std::max(1, thresholdPages)), m_writer(writer),
      m_thread([this] { run(); })
{}

WalCheckpointer::~WalCheckpointer()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void WalCheckpointer::watch(sqlite3 *connection)
{
    sqlite3_wal_hook(connection, &WalCheckpointer::onCommit, this); // replaces autocheckpoint
}

int WalCheckpointer::onCommit(void *self, sqlite3 *, const char *, int walPages)
{
    static_cast<WalCheckpointer *>(self)->committed(walPages);
    return SQLITE_OK;
}

void WalCheckpointer::committed(int walPages)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_mutex);
        m_walPages = walPages;
        m_dirty = true;
        wake = walPages >= m_thresholdPages;
    }
    if (wake)
        m_wake.notify_one();
}

void WalCheckpointer::run()
{
    sqlite3 *db = nullptr;
    const QByteArray path = m_path.toUtf8();
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        qCWarning(lcServer).noquote() << "WAL checkpointer: cannot open" << m_path << ":"
                                      << (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        db = nullptr; // commits still work; the WAL then only grows until a restart
    }
    if (db) {
        sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
        sqlite3_busy_timeout(db, 5000); // RESTART waits this long for readers
    }
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Wake when the log is long enough, else once a second if anything was committed.
        m_wake.wait_for(lock, std::chrono::seconds(1), [this] {
            return m_stopping || (m_dirty && m_walPages >= m_thresholdPages);
        });
        if (m_stopping)
            break;
        if (!m_dirty || !db)
            continue;
        m_dirty = false;
        const bool restart = m_walPages >= 2 * m_thresholdPages;
        lock.unlock();
        checkpoint(db, restart);
        lock.lock();
    }
    lock.unlock();
    if (db) {
        checkpoint(db, false);
        sqlite3_close(db);
    }
}

void WalCheckpointer::checkpoint(sqlite3 *db, bool restart)
{
    std::unique_lock<std::mutex> writer;
    if (restart)
        writer = std::unique_lock(m_writer); // no commit in this process until the log restarts
    const int rc = sqlite3_wal_checkpoint_v2(
        db, nullptr, restart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE, nullptr,
        nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        qCWarning(lcServer).noquote() << "WAL checkpoint failed:" << sqlite3_errmsg(db);
}

} // namespace outpost
