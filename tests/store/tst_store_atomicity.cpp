// Record + outbox atomicity and crash-safe passphrase changes, by SIGKILLing a child process
// (outpost_store_writer) in the middle of writes and reopening the store.
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

namespace {

const QString kPass = QStringLiteral("atomic passphrase");

} // namespace

class TestStoreAtomicity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    StoreLocation m_location;

    int runHelper(const QStringList &args, QByteArray *out = nullptr)
    {
        QProcess helper;
        helper.start(QStringLiteral(OUTPOST_STORE_WRITER), args);
        if (!helper.waitForFinished(30000))
            return -1;
        if (out)
            *out = helper.readAllStandardOutput();
        if (helper.exitStatus() == QProcess::CrashExit)
            return -9; // killed (by itself, at its crash point)
        return helper.exitCode();
    }

    // Every record has exactly the operations its values say it went through, and every
    // operation has its record: never one without the other.
    void verifyBothOrNeither(LocalStore &store, int *recordCount = nullptr)
    {
        RecordQuery all;
        all.includeDeleted = true;
        const auto records = store.listRecords(all);
        QVERIFY(records.ok());
        const auto ops = store.pendingOperations(-1);
        QVERIFY(ops.ok());
        QHash<QUuid, QList<Operation>> opsByRecord;
        for (const OutboxEntry &entry : *ops)
            opsByRecord[entry.operation.entityId] << entry.operation;
        for (const RecordSummary &summary : *records) {
            const auto record = store.record(summary.id);
            QVERIFY(record.ok());
            const QList<Operation> mine = opsByRecord.take(summary.id);
            const int n = record->values.value("n").toInt();
            const int expected = 1 + n + (record->deleted ? 1 : 0);
            QVERIFY2(mine.size() == expected,
                     qPrintable(QStringLiteral("record %1: n=%2 deleted=%3 but %4 operations")
                                    .arg(summary.id.toString())
                                    .arg(n)
                                    .arg(record->deleted)
                                    .arg(mine.size())));
            QCOMPARE(mine.first().kind, OperationKind::Create);
            for (int i = 1; i <= n; ++i) {
                QCOMPARE(mine.at(i).kind, OperationKind::Update);
                QCOMPARE(mine.at(i).fields, (QJsonObject{{"n", i}}));
            }
            if (record->deleted)
                QCOMPARE(mine.last().kind, OperationKind::Delete);
        }
        QVERIFY2(opsByRecord.isEmpty(), "an operation without its record");
        QVERIFY(store.checkIntegrity().ok());
        if (recordCount)
            *recordCount = static_cast<int>(records->size());
    }

    void createStore() { QCOMPARE(runHelper({"create", m_location.directory, kPass}), 0); }

private slots:
    void init()
    {
        m_dir = makeTempDir();
        m_location = StoreLocation::inDirectory(m_dir->path() + "/acct");
    }

    void killedBetweenRecordAndOutboxWrite_data()
    {
        QTest::addColumn<QString>("action");
        QTest::newRow("create") << "create";
        QTest::newRow("update") << "update";
        QTest::newRow("delete") << "delete";
    }

    // Deterministic: the child SIGKILLs itself after the record row is written and before
    // the outbox row is: after reopening, neither is there.
    void killedBetweenRecordAndOutboxWrite()
    {
        QFETCH(QString, action);
        createStore();
        QUuid id = QUuid::createUuid();
        if (action != QStringLiteral("create")) {
            auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
            QVERIFY(store.ok());
            Record r = makeRecord("crash", {{"n", 0}});
            r.id = id;
            QVERIFY((*store)->createRecord(r).ok());
        }
        QByteArray out;
        QCOMPARE(runHelper({"crash", m_location.directory, kPass, "record_written", action,
                            id.toString()},
                           &out),
                 -9);
        QCOMPARE(out, QByteArray("dying\n"));

        auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
        QVERIFY(store.ok());
        verifyBothOrNeither(**store);
        const auto record = (*store)->record(id);
        if (action == QStringLiteral("create")) {
            QCOMPARE(record.error().code, QStringLiteral("record_not_found"));
            QCOMPARE((*store)->pendingOperationCount().value(), 0);
        } else {
            QVERIFY(record.ok());
            QCOMPARE(record->values.value("n").toInt(), 0); // the update did not happen
            QVERIFY(!record->deleted);                      // nor the delete
            QCOMPARE((*store)->pendingOperationCount().value(), 1);
        }
    }

    // Random: SIGKILL a writer at random moments, many times; reopen and check each time.
    void killedAtRandomPoints()
    {
        createStore();
        const int rounds = 25;
        int records = 0;
        for (int round = 0; round < rounds; ++round) {
            QProcess writer;
            writer.start(QStringLiteral(OUTPOST_STORE_WRITER),
                         {"write", m_location.directory, kPass, QString::number(round + 1)});
            QVERIFY(writer.waitForStarted());
            QVERIFY(writer.waitForReadyRead(20000));
            QCOMPARE(writer.readLine(), QByteArray("ready\n"));
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(5, 60)));
            writer.kill(); // SIGKILL
            QVERIFY(writer.waitForFinished(10000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit); // it was still writing

            auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
            verifyBothOrNeither(**store, &records);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY2(records > rounds, "the writer wrote too little to prove anything");
        qInfo() << records << "records after" << rounds << "kills";
    }

    // The idle search pass killed in its second chunk: the first chunk's records are
    // searchable, the second's are still in the backlog (its transaction rolled back), and
    // the next pass indexes them. Nothing pulled is lost for search.
    void killedMidSearchPass()
    {
        createStore();
        {
            auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
            QVERIFY(store.ok());
            ServerChanges page;
            for (int i = 0; i < 30; ++i) {
                Record r = makeRecord("crash", {{"text", QStringLiteral("pulled %1").arg(i)}});
                r.id = QUuid::createUuid();
                r.serverVersion = i + 1;
                page.records << r;
            }
            page.cursor = QStringLiteral("30");
            QVERIFY((*store)->applyServerChanges(page).ok());
            QCOMPARE((*store)->searchBacklogCount().value(), 30);
        }
        QByteArray out;
        QCOMPARE(
            runHelper({"crash", m_location.directory, kPass, "search_indexing#2", "index", "10"},
                      &out),
            -9);
        QCOMPARE(out, QByteArray("dying\n"));
        auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
        QVERIFY(store.ok());
        RecordQuery pulled;
        pulled.searchText = QStringLiteral("pulled");
        QCOMPARE((*store)->searchBacklogCount().value(), 20);
        QCOMPARE((*store)->countRecords(pulled).value(), 10);
        QCOMPARE((*store)->indexSearchBacklog(1000).value(), 0);
        QCOMPARE((*store)->countRecords(pulled).value(), 30);
        QCOMPARE((*store)->countRecords().value(), 30);
        QVERIFY((*store)->checkIntegrity().ok());
    }

    // Killed after the new key parameters were written, before the rekey: the old
    // passphrase still opens the store and the unfinished change is discarded.
    void killedBeforeRekey()
    {
        createStore();
        QCOMPARE(runHelper({"crash", m_location.directory, kPass, "rekey_params_pending", "rekey",
                            "new passphrase"}),
                 -9);
        QVERIFY(QFile::exists(m_location.pendingKeyParamsPath()));
        QCOMPARE(LocalStore::unlock(m_location, "new passphrase", StoreOptions::fastForTests())
                     .error()
                     .code,
                 QStringLiteral("wrong_passphrase"));
        auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
        QVERIFY(store.ok());
        QVERIFY(!QFile::exists(m_location.pendingKeyParamsPath()));
    }

    // Killed after the rekey, before the new parameters replaced the old file: the new
    // passphrase opens the store and the change is finished; the old one no longer works.
    void killedAfterRekey()
    {
        createStore();
        {
            auto store = LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests());
            QVERIFY((*store)->createRecord(makeRecord("crash", {{"n", 0}})).ok());
        }
        QCOMPARE(
            runHelper({"crash", m_location.directory, kPass, "rekeyed", "rekey", "new passphrase"}),
            -9);
        QVERIFY(QFile::exists(m_location.pendingKeyParamsPath()));
        QCOMPARE(LocalStore::unlock(m_location, kPass, StoreOptions::fastForTests()).error().code,
                 QStringLiteral("wrong_passphrase"));
        {
            auto store =
                LocalStore::unlock(m_location, "new passphrase", StoreOptions::fastForTests());
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
            QCOMPARE((*store)->countRecords().value(), 1);
            verifyBothOrNeither(**store);
        }
        QVERIFY(!QFile::exists(m_location.pendingKeyParamsPath()));
        QVERIFY(
            LocalStore::unlock(m_location, "new passphrase", StoreOptions::fastForTests()).ok());
    }
};

QTEST_GUILESS_MAIN(TestStoreAtomicity)
#include "tst_store_atomicity.moc"
