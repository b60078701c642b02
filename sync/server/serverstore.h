// The server's database through Qt SQL: SQLite (QSQLITE, WAL) in the data directory by
// default, PostgreSQL (QPSQL) by configuration. Thread rules: any thread may call it; each
// thread gets its own connection, opened on first use and kept for the thread's life.
#pragma once

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <functional>
#include <memory>
#include <mutex>

#include "result.h"
#include "serverconfig.h"
#include "sqlrows.h"

namespace outpost {

class WalCheckpointer;

class ServerStore
{
public:
    ServerStore(const DatabaseConfig &config, const QString &sqlitePath);
    ~ServerStore();
    ServerStore(const ServerStore &) = delete;
    ServerStore &operator=(const ServerStore &) = delete;

    bool isPostgres() const { return m_config.driver == QStringLiteral("postgres"); }

    // This thread's connection (opened, configured) or an error naming the cause.
    Result<QSqlDatabase> database();
    // Brings the schema to the latest version (safe with several processes at once).
    Status migrate();
    Result<int> schemaVersion();

    // Runs sql (with ? placeholders) on this thread's connection.
    Result<SqlRows> exec(const QString &sql, const QVariantList &binds = {});
    // The same on a given connection (inside a transaction).
    static Result<SqlRows> exec(QSqlDatabase &db, const QString &sql,
                                const QVariantList &binds = {});
    // Runs sql, whose %1 becomes a subquery yielding the keys in a column "value" (sent as
    // one JSON array bound to one parameter: one statement, prepared once, for any number of
    // keys; join it first, "FROM (%1) AS k CROSS JOIN t WHERE t.id = k.value", so that SQLite
    // probes t's index once per key); onRow sees every row.
    static Status selectIn(QSqlDatabase &db, const QString &sql, const QStringList &keys,
                           const std::function<void(const SqlRows &)> &onRow);
    // Resets this thread's cached statements; call at the end of every unit of work (a
    // request, a transaction) so that no statement holds an old snapshot.
    static void finishStatements();

    // SQLite: one write transaction at a time in this process. Writers queue on this mutex
    // and wake the moment it is free, instead of polling in SQLite's busy handler (which
    // sleeps up to 100 ms between tries). Other processes (admin commands) still meet the
    // busy timeout.
    std::mutex &sqliteWriter() { return m_sqliteWriter; }

private:
    Result<QSqlDatabase> open(const QString &name);

    DatabaseConfig m_config;
    QString m_sqlitePath;
    QString m_prefix; // connection names: m_prefix + thread id
    std::mutex m_sqliteWriter;
    std::mutex m_checkpointerMutex;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite, from the first connection on
    static QAtomicInt s_instances;
};

// A NULL of type text, for binding.
QVariant nullText();
Error databaseError(const QString &what, const QString &driverText);

} // namespace outpost
