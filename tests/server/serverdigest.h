// A digest of every table of a TestServer's database (SQLite file or PostgreSQL database), read
// directly with Qt SQL, to prove that a request changed nothing: one sha256 per table over its
// rows (order-independent). Also a way to run one statement on it.
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

class TestServer;

namespace testsupport {

// Table name -> digest; empty with *error set when the database cannot be read.
QMap<QString, QByteArray> databaseDigest(const TestServer &server, QString *error);
// Runs one SQL statement on the server's database, beside the running server (a test's way
// to change what no endpoint changes, e.g. expire a token); false with *error on failure.
bool execOnServerDatabase(const TestServer &server, const QString &sql, QString *error);
// The tables whose digests differ (or exist on one side only).
QStringList changedTables(const QMap<QString, QByteArray> &before,
                          const QMap<QString, QByteArray> &after);

} // namespace testsupport
