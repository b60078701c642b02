// The store's write-ahead log: checkpoints deferred by the sync engine's push wait for the
// push to end (LocalStore::deferCheckpoints), and a WAL that grew is cut back to
// journal_size_limit when it starts over (10,000 offline saves with checkpoints off once left
// a 1.4 GB -wal file for good).
#include <QTest>

#include <QFileInfo>

#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

namespace {

constexpr qint64 kWalLimitBytes = 32ll * 1024 * 1024; // storeconnection.cpp

qint64 sizeOf(const QString &path)
{
    return QFileInfo(path).size();
}

bool saveRecords(LocalStore &store, int count, int textBytes)
{
    for (int i = 0; i < count; ++i) {
        Record record;
        record.formId = QStringLiteral("f");
        record.formVersion = 1;
        record.values = {{QStringLiteral("text"), QString(textBytes, QLatin1Char('a' + i % 26))},
                         {QStringLiteral("n"), i}};
        if (!store.createRecord(record))
            return false;
    }
    return true;
}

} // namespace

class TestStoreWal : public QObject
{
    Q_OBJECT

private slots:
    void deferredCheckpointsWaitForTheResume()
    {
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path());
        StoreOptions options = StoreOptions::fastForTests();
        options.walAutoCheckpointPages = 8; // any commit of a save crosses it
        auto store = LocalStore::create(location, "wal", options);
        QVERIFY(store.ok());
        const QString db = dir->path() + QStringLiteral("/outpost.db");
        QVERIFY(saveRecords(**store, 5, 100));
        const qint64 checkpointed = sizeOf(db);

        QVERIFY((*store)->deferCheckpoints(true).ok());
        QVERIFY(saveRecords(**store, 40, 4000));
        QCOMPARE(sizeOf(db), checkpointed); // every page is still in the WAL only

        QVERIFY((*store)->deferCheckpoints(false).ok()); // one checkpoint, here
        QVERIFY(sizeOf(db) > checkpointed);
        const qint64 resumed = sizeOf(db);
        QVERIFY(saveRecords(**store, 40, 4000)); // automatic checkpoints again
        QVERIFY(sizeOf(db) > resumed);
    }

    void grownWalIsCutBackWhenItStartsOver()
    {
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path());
        StoreOptions options = StoreOptions::fastForTests();
        options.walAutoCheckpointPages = 0; // as a connection that never checkpoints
        auto store = LocalStore::create(location, "wal", options);
        QVERIFY(store.ok());
        const QString wal = dir->path() + QStringLiteral("/outpost.db-wal");
        QVERIFY(saveRecords(**store, 120, 60000)); // overflow pages: ~60 KiB per save
        QVERIFY2(sizeOf(wal) > kWalLimitBytes, QByteArray::number(sizeOf(wal)).constData());
        QVERIFY((*store)->syncToDisk().ok()); // a full checkpoint: the WAL may start over
        QVERIFY(saveRecords(**store, 1, 10)); // starts over, cut back to the limit
        QVERIFY2(sizeOf(wal) <= kWalLimitBytes, QByteArray::number(sizeOf(wal)).constData());
        QCOMPARE((*store)->countRecords().value(), 121);
    }
};

QTEST_GUILESS_MAIN(TestStoreWal)
#include "tst_store_wal.moc"
