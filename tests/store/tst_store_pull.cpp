// What the sync engine reports back to the store: push acknowledgements (markApplied, alone
// and in batches, with serverRecordDiffers for merged / conflict results) and pulled pages
// with conflict flags (applyServerChanges). Pure store, no server.
#include <QSignalSpy>
#include <QTest>

#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

class TestStorePull : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;

    LocalStore &store() { return *m_store; }

    QList<OutboxEntry> pending() { return store().pendingOperations(-1).valueOr({}); }

    static Record serverRecord(const QUuid &id, qint64 version, const QJsonObject &values)
    {
        Record r = makeRecord("water", values);
        r.id = id;
        r.serverVersion = version;
        return r;
    }

    // A record created here and acknowledged by the server at version 1.
    QUuid syncedRecord(const QJsonObject &values)
    {
        auto created = store().createRecord(makeRecord("water", values));
        if (!created)
            return {};
        const QUuid op = pending().last().operation.opId;
        return store().markApplied(op, 1).ok() ? created->id : QUuid();
    }

    Status update(const QUuid &id, const QJsonObject &fields)
    {
        auto record = store().record(id);
        if (!record)
            return record.error();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            record->values.insert(it.key(), it.value());
        auto updated = store().updateRecord(*record);
        return updated ? Status() : Status(updated.error());
    }

private slots:
    void init()
    {
        m_dir = makeTempDir();
        auto store =
            LocalStore::create(StoreLocation::inDirectory(m_dir->path()),
                               QStringLiteral("correct horse"), StoreOptions::fastForTests());
        QVERIFY(store.ok());
        m_store = std::move(store).value();
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    // Applied (plain): the pulled record at the acknowledged version is ours: skipped.
    void appliedVersionIsSkippedOnPull()
    {
        const QUuid id = syncedRecord({{"a", "mine"}, {"b", 1}});
        QVERIFY(!id.isNull());
        ServerChanges page;
        page.records = {serverRecord(id, 1, {{"a", "other"}, {"b", 1}})};
        page.cursor = "c1";
        QVERIFY(store().applyServerChanges(page).ok());
        QCOMPARE(store().record(id)->values.value("a").toString(), QStringLiteral("mine"));
    }

    // Merged: the server's record at v holds another device's fields; the pull of v (and not
    // of anything older) replaces the local values, once.
    void mergedVersionIsAppliedOnPull()
    {
        const QUuid id = syncedRecord({{"a", "start"}, {"b", 1}});
        QVERIFY(update(id, {{"a", "mine"}}).ok());
        const QUuid op = pending().last().operation.opId;
        QVERIFY(store().markApplied(AppliedOperation{op, 3, true}).ok());
        QCOMPARE(store().record(id)->serverVersion, 3);
        QCOMPARE(store().syncStatus(id).value(), SyncStatus::Synced);

        ServerChanges older;
        older.records = {serverRecord(id, 2, {{"a", "start"}, {"b", 2}})};
        older.cursor = "c2";
        QVERIFY(store().applyServerChanges(older).ok());
        QCOMPARE(store().record(id)->values, (QJsonObject{{"a", "mine"}, {"b", 1}}));

        ServerChanges merged;
        merged.records = {serverRecord(id, 3, {{"a", "mine"}, {"b", 2}})};
        merged.cursor = "c3";
        QVERIFY(store().applyServerChanges(merged).ok());
        QCOMPARE(store().record(id)->values, (QJsonObject{{"a", "mine"}, {"b", 2}}));
        QCOMPARE(store().record(id)->serverVersion, 3);
        QCOMPARE(store().syncStatus(id).value(), SyncStatus::Synced);

        // Applied once: the same version again is known now.
        ServerChanges again;
        again.records = {serverRecord(id, 3, {{"a", "x"}, {"b", 9}})};
        again.cursor = "c3";
        QVERIFY(store().applyServerChanges(again).ok());
        QCOMPARE(store().record(id)->values, (QJsonObject{{"a", "mine"}, {"b", 2}}));
    }

    // A later edit made on the same base is rebased on the merged version (no self-conflict)
    // and stays on top of the pulled values until it is acknowledged; the record stays stale
    // through a plain acknowledgement of that later edit.
    void laterEditIsRebasedAndKeptOnTop()
    {
        const QUuid id = syncedRecord({{"a", "start"}, {"b", 1}});
        QVERIFY(update(id, {{"a", "one"}}).ok());
        QVERIFY(update(id, {{"a", "two"}}).ok());
        QList<OutboxEntry> ops = pending();
        QCOMPARE(ops.size(), 2);
        QCOMPARE(ops.at(1).operation.baseVersion, 1);
        QVERIFY(store().markApplied(AppliedOperation{ops.at(0).operation.opId, 3, true}).ok());
        ops = pending();
        QCOMPARE(ops.size(), 1);
        QCOMPARE(ops.at(0).operation.baseVersion, 3);

        ServerChanges merged;
        merged.records = {serverRecord(id, 3, {{"a", "one"}, {"b", 2}})};
        merged.cursor = "c3";
        QVERIFY(store().applyServerChanges(merged).ok());
        QCOMPARE(store().record(id)->values, (QJsonObject{{"a", "two"}, {"b", 2}}));
        QCOMPARE(store().syncStatus(id).value(), SyncStatus::Pending);

        // The second edit is then applied at 4 as it was: version 4 is ours, skipped.
        QVERIFY(store().markApplied(ops.at(0).operation.opId, 4).ok());
        ServerChanges ours;
        ours.records = {serverRecord(id, 4, {{"a", "x"}, {"b", 2}})};
        ours.cursor = "c4";
        QVERIFY(store().applyServerChanges(ours).ok());
        QCOMPARE(store().record(id)->values, (QJsonObject{{"a", "two"}, {"b", 2}}));
        QCOMPARE(store().syncStatus(id).value(), SyncStatus::Synced);
    }

    // Merged at 3, then the next edit applied at 4 before any pull: the record stays stale,
    // so the pull of 4 (which holds the other device's change merged at 3) is applied.
    void staleSurvivesALaterPlainAcknowledgement()
    {
        const QUuid id = syncedRecord({{"a", "start"}, {"b", 1}});
        QVERIFY(update(id, {{"a", "one"}}).ok());
        QVERIFY(update(id, {{"a", "two"}}).ok());
        const QList<OutboxEntry> ops = pending();
        QVERIFY(store().markApplied(AppliedOperation{ops.at(0).operation.opId, 3, true}).ok());
        QVERIFY(store().markApplied(ops.at(1).operation.opId, 4).ok());
        ServerChanges page;
        page.records = {serverRecord(id, 4, {{"a", "two"}, {"b", 2}})};
        page.cursor = "c4";
        QVERIFY(store().applyServerChanges(page).ok());
        QCOMPARE(store().record(id)->values, (QJsonObject{{"a", "two"}, {"b", 2}}));
        QCOMPARE(store().syncStatus(id).value(), SyncStatus::Synced);
    }

    // One transaction for a batch; unknown op ids are skipped; one signal.
    void batchAcknowledgement()
    {
        QList<QUuid> ids;
        for (int i = 0; i < 5; ++i)
            ids << store().createRecord(makeRecord("water", {{"n", i}}))->id;
        const QList<OutboxEntry> ops = pending();
        QCOMPARE(ops.size(), 5);
        QList<AppliedOperation> acks;
        for (int i = 0; i < ops.size(); ++i)
            acks << AppliedOperation{ops.at(i).operation.opId, 10 + i, false};
        acks << AppliedOperation{QUuid::createUuid(), 99, false};
        QSignalSpy changed(m_store.get(), &LocalStore::recordsChanged);
        QVERIFY(store().markApplied(acks).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().value<QList<QUuid>>().size(), 5);
        QCOMPARE(store().pendingOperationCount().value(), 0);
        for (int i = 0; i < ids.size(); ++i) {
            QCOMPARE(store().record(ids.at(i))->serverVersion, 10 + i);
            QCOMPARE(store().syncStatus(ids.at(i)).value(), SyncStatus::Synced);
        }
        QCOMPARE(store()
                     .markApplied(QList<AppliedOperation>{{ops.at(0).operation.opId, 0, false}})
                     .error()
                     .code,
                 QStringLiteral("invalid_argument"));
    }

    // Conflict flags travel with the page: set on new and known records, cleared when a
    // record comes back without it, even when its content is not newer.
    void conflictFlagsInThePage()
    {
        const QUuid known = syncedRecord({{"a", "x"}});
        const QUuid fresh = QUuid::createUuid();
        ServerChanges page;
        page.records = {serverRecord(fresh, 5, {{"a", "new"}}),
                        serverRecord(known, 1, {{"a", "x"}})};
        page.hasConflictFlags = true;
        page.inConflict = {fresh, known};
        page.cursor = "c5";
        QVERIFY(store().applyServerChanges(page).ok());
        QCOMPARE(store().syncStatus(fresh).value(), SyncStatus::Conflict);
        QCOMPARE(store().syncStatus(known).value(), SyncStatus::Conflict);

        page.inConflict = {fresh};
        QVERIFY(store().applyServerChanges(page).ok());
        QCOMPARE(store().syncStatus(known).value(), SyncStatus::Synced);

        ServerChanges noFlags; // hasConflictFlags false: flags untouched
        noFlags.records = {serverRecord(fresh, 6, {{"a", "newer"}})};
        noFlags.cursor = "c6";
        QVERIFY(store().applyServerChanges(noFlags).ok());
        QCOMPARE(store().syncStatus(fresh).value(), SyncStatus::Conflict);
        QCOMPARE(store().record(fresh)->values.value("a").toString(), QStringLiteral("newer"));

        // The list sees pulled records at once; search after the idle indexing pass.
        QCOMPARE(store().countRecords().value(), 2);
        RecordQuery query;
        query.searchText = QStringLiteral("newer");
        QCOMPARE(store().countRecords(query).value(), 0);
        QCOMPARE(store().indexSearchBacklog(100).value(), 0);
        QCOMPARE(store().countRecords(query).value(), 1);
    }

    // Pulled records reach the full-text index in the idle pass (search lags a pull): new
    // ones, updated ones (old words gone, new words found), purged ones (no row left), with
    // local edits indexed at once as before; the pass works in chunks until nothing waits.
    void pulledRecordsAreSearchableAfterTheIdlePass()
    {
        const QUuid local = syncedRecord({{"a", "localword"}});
        const QUuid changed = QUuid::createUuid();
        const QUuid gone = QUuid::createUuid();
        ServerChanges first;
        for (int i = 0; i < 25; ++i)
            first.records << serverRecord(QUuid::createUuid(), 10 + i,
                                          {{"name", QStringLiteral("pulledword%1").arg(i)}});
        first.records << serverRecord(changed, 40, {{"name", "oldword"}})
                      << serverRecord(gone, 41, {{"name", "goneword"}});
        first.cursor = "c1";
        QVERIFY(store().applyServerChanges(first).ok());
        auto count = [this](const char *words) {
            RecordQuery query;
            query.searchText = QString::fromLatin1(words);
            return store().countRecords(query).value();
        };
        QCOMPARE(count("localword"), 1);
        QCOMPARE(count("pulledword"), 0);
        QCOMPARE(store().searchBacklogCount().value(), 27);
        QCOMPARE(store().indexSearchBacklog(10).value(), 17);
        QCOMPARE(count("pulledword"), 10);
        QCOMPARE(count("oldword"), 0);

        ServerChanges second;
        second.records << serverRecord(changed, 42, {{"name", "newword"}});
        second.deletions << ServerTombstone{gone, 43};
        second.cursor = "c2";
        QVERIFY(store().applyServerChanges(second).ok());
        QVERIFY(update(local, {{"a", "editedword"}}).ok()); // a local edit: indexed at once
        QCOMPARE(count("editedword"), 1);
        int waiting = -1;
        for (int passes = 0; waiting != 0 && passes < 10; ++passes)
            waiting = store().indexSearchBacklog(7).value();
        QCOMPARE(waiting, 0);
        QCOMPARE(store().searchBacklogCount().value(), 0);
        QCOMPARE(count("pulledword"), 25);
        QCOMPARE(count("newword"), 1);
        QCOMPARE(count("oldword"), 0);
        QCOMPARE(count("goneword"), 0);
        QCOMPARE(count("localword"), 0);
        QCOMPARE(count("editedword"), 1);
        QCOMPARE(store().indexSearchBacklog(5).value(), 0); // nothing to do: harmless
        QCOMPARE(store().indexSearchBacklog(0).error().code, QStringLiteral("invalid_argument"));
        QVERIFY(store().checkIntegrity().ok());
    }
};

QTEST_GUILESS_MAIN(TestStorePull)
#include "tst_store_pull.moc"
