// The server's database through Qt SQL: SQLite (QSQLITE, WAL) in the data directory by
// default, PostgreSQL (QPSQL) by configuration. Thread rules: any thread may call it; each
// thread gets its own connection, opened on first use and kept for the thread's life.
#pragma once

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include "result.h"
#include "serverconfig.h"

namespace outpost {

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
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {});
    // The same on a given connection (inside a transaction).
    static Result<QSqlQuery> exec(QSqlDatabase &db, const QString &sql,
                                  const QVariantList &binds = {});

private:
    Result<QSqlDatabase> open(const QString &name);

    DatabaseConfig m_config;
    QString m_sqlitePath;
    QString m_prefix; // connection names: m_prefix + thread id
    static QAtomicInt s_instances;
};

// A NULL of type text, for binding.
QVariant nullText();
Error databaseError(const QString &what, const QString &driverText);

} // namespace outpost
