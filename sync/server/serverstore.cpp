#include "serverstore.h"

#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>

#include <sqlite3.h>

#include "jsontext.h"
#include "rowbuffer.h"
#include "schema.h"
#include "serverlogging.h"
#include "walcheckpointer.h"

namespace outpost {

QAtomicInt ServerStore::s_instances;

namespace {

// This thread's prepared statements, by connection name + SQL.
QHash<QString, std::shared_ptr<QSqlQuery>> &preparedStatements()
{
    thread_local QHash<QString, std::shared_ptr<QSqlQuery>> prepared;
    return prepared;
}

} // namespace

void ServerStore::finishStatements()
{
    // An unfinished SELECT keeps its SQLite read snapshot (and blocks COMMIT of a read
    // transaction): reset every statement of this thread before ending a unit of work.
    for (auto &query : preparedStatements())
        query->finish();
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

Error databaseError(const QString &what, const QString &driverText)
{
    qCWarning(lcServer).noquote() << "database error:" << what << driverText;
    return Error::transientError(QStringLiteral("database_unavailable"),
                                 QStringLiteral("database error while %1").arg(what));
}

ServerStore::ServerStore(const DatabaseConfig &config, const QString &sqlitePath)
    : m_config(config), m_sqlitePath(sqlitePath),
      m_prefix(QStringLiteral("outpost-server-%1-").arg(s_instances.fetchAndAddRelaxed(1)))
{}

ServerStore::~ServerStore()
{
    // Only this thread's connection can be removed here; others end with their threads.
    const QString name = m_prefix + QString::number(quintptr(QThread::currentThreadId()));
    if (QSqlDatabase::contains(name)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Result<QSqlDatabase> ServerStore::database()
{
    const QString name = m_prefix + QString::number(quintptr(QThread::currentThreadId()));
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        if (db.open())
            return db;
        return databaseError(QStringLiteral("reconnecting"), db.lastError().text());
    }
    return open(name);
}

Result<QSqlDatabase> ServerStore::open(const QString &name)
{
    if (isPostgres()) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.name);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
        if (!db.open())
            return databaseError(QStringLiteral("connecting to PostgreSQL"), db.lastError().text());
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_sqlitePath);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return databaseError(QStringLiteral("opening %1").arg(m_sqlitePath), db.lastError().text());
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
          "PRAGMA cache_size=-65536", "PRAGMA mmap_size=268435456", "PRAGMA temp_store=MEMORY",
          "PRAGMA journal_size_limit=67108864"}) {
        auto q = exec(db, QString::fromLatin1(pragma));
        if (!q)
            return q.error();
    }
    // Checkpoints leave the request threads: this connection's commits report to the
    // checkpointer instead of copying the log themselves.
    const QVariant handle = db.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        const std::lock_guard lock(m_checkpointerMutex);
        if (!m_checkpointer)
            m_checkpointer = std::make_unique<WalCheckpointer>(
                m_sqlitePath, m_config.walCheckpointPages, m_sqliteWriter);
        m_checkpointer->watch(*static_cast<sqlite3 *const *>(handle.constData()));
    }
    return db;
}

Result<SqlRows> ServerStore::exec(const QString &sql, const QVariantList &binds)
{
    auto db = database();
    if (!db)
        return db.error();
    return exec(*db, sql, binds);
}

Result<SqlRows> ServerStore::exec(QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    if (binds.isEmpty()) {
        auto query = std::make_shared<QSqlQuery>(db);
        query->setForwardOnly(true);
        if (!query->exec(sql))
            return databaseError(sql.left(60), query->lastError().text());
        return SqlRows(query);
    }
    // Prepared statements are kept per connection (and so per thread) and reused: preparing
    // dominated the cost of a push. A caller must be done with a result before it runs the
    // same statement again.
    auto &prepared = preparedStatements();
    const QString key = db.connectionName() + QLatin1Char('\n') + sql;
    std::shared_ptr<QSqlQuery> query = prepared.value(key);
    if (!query) {
        query = std::make_shared<QSqlQuery>(db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return databaseError(sql.left(60), query->lastError().text());
        if (prepared.size() > 500)
            prepared.clear();
        prepared.insert(key, query);
    }
    query->finish();
    for (qsizetype i = 0; i < binds.size(); ++i)
        query->bindValue(static_cast<int>(i), binds.at(i));
    if (!query->exec()) {
        const QString text = query->lastError().text();
        prepared.remove(key); // a broken connection must not keep a dead statement
        return databaseError(sql.left(60), text);
    }
    return SqlRows(query);
}

Status ServerStore::selectIn(QSqlDatabase &db, const QString &sql, const QStringList &keys,
                             const std::function<void(const SqlRows &)> &onRow)
{
    if (keys.isEmpty())
        return {};
    QByteArray json = "[";
    for (const QString &key : keys) {
        if (json.size() > 1)
            json += ',';
        jsontext::appendString(json, key);
    }
    json += ']';
    auto q = exec(db, sql.arg(RowBuffer::jsonArrayValues(db)), {QString::fromUtf8(json)});
    if (!q)
        return q.error();
    while (q->next())
        onRow(*q);
    q->finish();
    return {};
}

Result<int> ServerStore::schemaVersion()
{
    auto q = exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toInt() : 0;
}

Status ServerStore::migrate()
{
    auto dbResult = database();
    if (!dbResult)
        return dbResult.error();
    QSqlDatabase db = *dbResult;
    const QString begin =
        isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
    if (auto q = exec(db, begin); !q)
        return q.error();
    auto rollback = [&db] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };
    if (isPostgres()) {
        // Several server processes may start at once: one migrates, the others wait.
        if (auto q = exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(7243101)")); !q) {
            rollback();
            return q.error();
        }
    }
    if (auto q =
            exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations "
                                    "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"));
        !q) {
        rollback();
        return q.error();
    }
    auto current =
        exec(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!current) {
        rollback();
        return current.error();
    }
    const int have = current->next() ? current->value(0).toInt() : 0;
    current->finish();
    const auto &migrations = Schema::migrations();
    for (const auto &migration : migrations) {
        if (migration.version <= have)
            continue;
        qCInfo(lcServer) << "applying schema migration" << migration.version;
        for (const auto &statement : migration.statements) {
            if (auto q = exec(db, Schema::dialect(statement, isPostgres())); !q) {
                rollback();
                return q.error();
            }
        }
        if (auto q = exec(
                db,
                QStringLiteral("INSERT INTO schema_migrations (version, applied_at) "
                               "VALUES (?, ?)"),
                {migration.version, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
            !q) {
            rollback();
            return q.error();
        }
    }
    if (auto q = exec(db, QStringLiteral("COMMIT")); !q)
        return q.error();
    return {};
}

} // namespace outpost
