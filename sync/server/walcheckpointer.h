// Copies the SQLite write-ahead log back into the database file on a thread of its own, so
// that no request pays for it. Writer connections switch SQLite's automatic checkpoint off
// and report their WAL size after each commit through watch(); once the log holds
// thresholdPages pages (else at the latest a second after a commit), a PASSIVE checkpoint runs on
// this thread's own connection. PASSIVE never waits for readers or writers: what it cannot
// copy yet is copied the next time, and SQLite starts the log over once everything was
// copied and no reader needs it. Under a steady stream of commits a background copy never
// quite catches up, so the log would only grow: once it holds twice the threshold, the
// checkpointer takes the process's writer mutex (commits wait) and finishes the copy with a
// RESTART checkpoint (waiting up to 5 s for readers), after which the next commit starts the
// log over; most pages were already copied by then, so the wait is short. Durability is
// unchanged: commits still sync the WAL (synchronous=FULL); a checkpoint syncs the log
// before it copies and the database after.
#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace outpost {

class WalCheckpointer
{
public:
    // writer: the store's SQLite writer mutex (outlives this object).
    WalCheckpointer(QString path, int thresholdPages, std::mutex &writer);
    ~WalCheckpointer(); // a last checkpoint, then the thread ends
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Hooks a writer connection (its sqlite3 handle): no automatic checkpoint on commit; the
    // WAL size after each commit comes here instead.
    void watch(sqlite3 *connection);

private:
    static int onCommit(void *self, sqlite3 *connection, const char *schema, int walPages);
    void committed(int walPages);
    void run();
    void checkpoint(sqlite3 *db, bool restart);

    const QString m_path;
    const int m_thresholdPages;
    std::mutex &m_writer;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    int m_walPages = 0;   // the WAL's size after the latest commit
    bool m_dirty = false; // commits since the last checkpoint
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace outpost
