// Two connections to one store at once, as the UI thread and the sync thread hold them:
// both write and read in many transactions, and no call fails ("database is locked" never
// reaches the caller).
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

class TestStoreConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void uiAndSyncThreadsTogether()
    {
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path());
        StoreOptions options = StoreOptions::fastForTests();
        options.fullSync = true; // longer commits: more overlap
        auto ui = LocalStore::create(location, "concurrent", options);
        QVERIFY(ui.ok());
        auto sync = (*ui)->openConnection();
        QVERIFY(sync.ok());

        constexpr int kRecords = 400;
        std::atomic<int> failures{0};
        std::atomic<bool> uiDone{false};
        QStringList errors;
        std::mutex errorsMutex;
        auto fail = [&](const Error &e) {
            ++failures;
            std::lock_guard lock(errorsMutex);
            errors << e.code + ": " + e.message;
        };

        // Sync thread: pushes (acknowledges) pending ops, pulls server records with a cursor,
        // reads counts, until the UI is done and the outbox is empty.
        LocalStore *syncStore = sync->get();
        std::thread syncThread([&] {
            qint64 version = 0;
            int round = 0;
            for (;;) {
                const bool finalRound = uiDone; // read before the outbox: no write is missed
                auto ops = syncStore->pendingOperations(25);
                if (!ops) {
                    fail(ops.error());
                    continue;
                }
                for (const OutboxEntry &entry : *ops) {
                    if (Status s = syncStore->markApplied(entry.operation.opId, ++version); !s)
                        fail(s.error());
                }
                ServerChanges page;
                Record pulled = makeRecord("server", {{"round", round}});
                pulled.id = QUuid::createUuid();
                pulled.serverVersion = ++version;
                page.records = {pulled};
                page.cursor = QString::number(++round);
                if (Status s = syncStore->applyServerChanges(page); !s)
                    fail(s.error());
                if (auto n = syncStore->countRecords(); !n)
                    fail(n.error());
                if (finalRound && ops->isEmpty())
                    break;
            }
        });

        // UI thread: creates, edits, deletes, lists.
        QList<QUuid> ids;
        for (int i = 0; i < kRecords; ++i) {
            auto r = (*ui)->createRecord(makeRecord("water", {{"i", i}}));
            if (!r) {
                fail(r.error());
                continue;
            }
            ids << r->id;
            if (i % 3 == 0) {
                Record edited = *r;
                edited.values.insert("i", -i);
                if (auto u = (*ui)->updateRecord(edited); !u)
                    fail(u.error());
            }
            if (i % 10 == 0) {
                if (Status s = (*ui)->deleteRecord(ids.at(i / 2)); !s)
                    fail(s.error());
                if (auto list = (*ui)->listRecords(); !list)
                    fail(list.error());
            }
        }
        uiDone = true;
        syncThread.join();

        QVERIFY2(failures == 0, qPrintable(errors.mid(0, 5).join("\n")));
        QCOMPARE((*ui)->pendingOperationCount().value(), 0);
        RecordQuery water;
        water.formId = "water";
        water.includeDeleted = true;
        // Acknowledged deletes were purged; everything else is there and synced.
        const auto list = (*ui)->listRecords(water);
        QVERIFY(list.ok());
        for (const RecordSummary &s : *list) {
            QCOMPARE(s.syncStatus, SyncStatus::Synced);
            QVERIFY(!s.deleted);
        }
        QVERIFY(list->size() >= kRecords - kRecords / 10);
        QVERIFY((*ui)->checkIntegrity().ok());
    }

    void twoIndependentUnlocks()
    {
        // Two unlocked stores (e.g. two processes' worth) on one file also work together.
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path());
        auto a = LocalStore::create(location, "p", StoreOptions::fastForTests());
        auto b = LocalStore::unlock(location, "p", StoreOptions::fastForTests());
        QVERIFY(a.ok() && b.ok());
        std::atomic<int> failures{0};
        std::thread other([&] {
            for (int i = 0; i < 200; ++i)
                if (!(*b)->createRecord(makeRecord("b", {{"i", i}})).ok())
                    ++failures;
        });
        for (int i = 0; i < 200; ++i)
            if (!(*a)->createRecord(makeRecord("a", {{"i", i}})).ok())
                ++failures;
        other.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE((*a)->countRecords().value(), 400);
        QCOMPARE((*b)->pendingOperationCount().value(), 400);
    }
};

QTEST_GUILESS_MAIN(TestStoreConcurrency)
#include "tst_store_concurrency.moc"
