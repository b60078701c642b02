// The SQLCipher guard, for real: this executable links the system libsqlite3 BEFORE
// outpost_store (see CMakeLists.txt), so every sqlite3_* symbol resolves to plain SQLite and
// PRAGMA key would be a silent no-op. The store must refuse to open, with a clear error, and
// write nothing in plaintext.
#include <QProcess>
#include <QTest>

#include <sqlite3.h> // the SYSTEM header: this test is about the system library

#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

class TestStoreGuard : public QObject
{
    Q_OBJECT

private slots:
    void plainSqliteIsReallyLoaded()
    {
        // Proves the setup: the symbols resolve to the system SQLite, not to SQLCipher 3.4.1.
        QCOMPARE(QByteArray(sqlite3_libversion()), QByteArray(SQLITE_VERSION));
        QVERIFY(!QByteArray(sqlite3_libversion()).startsWith("3.15."));
    }

    void newStoreIsRefused()
    {
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path() + "/acct");
        auto store = LocalStore::create(location, "guard passphrase", StoreOptions::fastForTests());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, QStringLiteral("sqlcipher_missing"));
        QVERIFY(store.error().message.contains("SQLCipher"));
        // Nothing written: no database, no key parameters, nothing at all.
        QCOMPARE(directoryHashes(location.directory).size(), 0);
        QVERIFY(!LocalStore::exists(location));
    }

    void existingStoreIsRefusedAndUntouched()
    {
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path() + "/acct");
        // Made by a process that links SQLCipher properly, with some records in it.
        QProcess writer;
        writer.start(QStringLiteral(OUTPOST_STORE_WRITER),
                     {"create", location.directory, "guard passphrase"});
        QVERIFY(writer.waitForFinished(30000));
        QCOMPARE(writer.exitCode(), 0);
        writer.start(QStringLiteral(OUTPOST_STORE_WRITER),
                     {"write", location.directory, "guard passphrase", "7"});
        QVERIFY(writer.waitForReadyRead(30000));
        QTest::qWait(100);
        writer.kill();
        QVERIFY(writer.waitForFinished(10000));

        const auto before = directoryHashes(location.directory);
        QVERIFY(before.contains(location.databasePath()));
        auto store = LocalStore::unlock(location, "guard passphrase", StoreOptions::fastForTests());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, QStringLiteral("sqlcipher_missing"));
        QCOMPARE(directoryHashes(location.directory), before);
        QVERIFY(filesContaining(location.directory, "payload").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStoreGuard)
#include "tst_store_guard.moc"
