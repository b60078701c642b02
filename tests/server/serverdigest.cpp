#include "serverdigest.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QUuid>

#include <algorithm>

#include "testserver.h"

namespace testsupport {

namespace {

QJsonObject databaseConfig(const TestServer &server)
{
    QFile file(server.dataDir() + QStringLiteral("/outpost-server.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(QStringLiteral("database"))
        .toObject();
}

QByteArray tableDigest(QSqlDatabase &db, const QString &table, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table))) {
        *error = table + QStringLiteral(": ") + query.lastError().text();
        return {};
    }
    QList<QByteArray> rows;
    while (query.next()) {
        QByteArray row;
        const QSqlRecord record = query.record();
        for (int i = 0; i < record.count(); ++i)
            row +=
                (record.isNull(i) ? QByteArray("\x01null") : record.value(i).toString().toUtf8()) +
                '\x1f';
        rows.append(QCryptographicHash::hash(row, QCryptographicHash::Sha256));
    }
    std::sort(rows.begin(), rows.end());
    return QCryptographicHash::hash(rows.join(), QCryptographicHash::Sha256).toHex().left(16) +
           '/' + QByteArray::number(rows.size());
}

// The server's database as a Qt SQL connection named connection (not opened yet).
QSqlDatabase openDatabase(const TestServer &server, const QJsonObject &config,
                          const QString &connection, bool readOnly)
{
    const bool postgres =
        config.value(QStringLiteral("driver")).toString() == QStringLiteral("postgres");
    QSqlDatabase db = QSqlDatabase::addDatabase(
        postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), connection);
    if (postgres) {
        db.setHostName(config.value(QStringLiteral("host")).toString());
        db.setPort(config.value(QStringLiteral("port")).toInt());
        db.setDatabaseName(config.value(QStringLiteral("name")).toString());
        db.setUserName(config.value(QStringLiteral("user")).toString());
    } else {
        db.setDatabaseName(
            server.dataDir() + QLatin1Char('/') +
            config.value(QStringLiteral("path")).toString(QStringLiteral("outpost.db")));
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        else
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    }
    return db;
}

} // namespace

bool execOnServerDatabase(const TestServer &server, const QString &sql, QString *error)
{
    const QString connection = QStringLiteral("exec-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QSqlDatabase db = openDatabase(server, databaseConfig(server), connection, false);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                *error = query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

QMap<QString, QByteArray> databaseDigest(const TestServer &server, QString *error)
{
    const QJsonObject config = databaseConfig(server);
    const bool postgres =
        config.value(QStringLiteral("driver")).toString() == QStringLiteral("postgres");
    const QString connection =
        QStringLiteral("digest-") + QUuid::createUuid().toString(QUuid::Id128);
    QMap<QString, QByteArray> digests;
    {
        QSqlDatabase db = openDatabase(server, config, connection, true);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery tables(db);
            tables.exec(postgres ? QStringLiteral("SELECT tablename FROM pg_tables WHERE "
                                                  "schemaname = 'public'")
                                 : QStringLiteral("SELECT name FROM sqlite_master WHERE type = "
                                                  "'table'"));
            QStringList names;
            while (tables.next())
                names << tables.value(0).toString();
            for (const QString &name : names) {
                const QByteArray digest = tableDigest(db, name, error);
                if (digest.isEmpty()) {
                    digests.clear();
                    break;
                }
                digests.insert(name, digest);
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return digests;
}

QStringList changedTables(const QMap<QString, QByteArray> &before,
                          const QMap<QString, QByteArray> &after)
{
    QStringList changed;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (after.value(it.key()) != it.value())
            changed << it.key();
    }
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!before.contains(it.key()))
            changed << it.key();
    }
    return changed;
}

} // namespace testsupport
