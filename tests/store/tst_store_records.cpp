// Records, tombstones, outbox and list API of LocalStore.
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

class TestStoreRecords : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;

    LocalStore &store() { return *m_store; }

    QList<OutboxEntry> pending()
    {
        auto ops = store().pendingOperations(-1);
        if (!ops)
            qWarning() << ops.error().message;
        return ops.valueOr({});
    }

private slots:
    void init()
    {
        m_dir = makeTempDir();
        auto store =
            LocalStore::create(StoreLocation::inDirectory(m_dir->path()),
                               QStringLiteral("correct horse"), StoreOptions::fastForTests());
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        m_store = std::move(store).value();
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void createWritesRecordAndCreateOperation()
    {
        QSignalSpy changed(m_store.get(), &LocalStore::recordsChanged);
        const QJsonObject values{{"name", "Well 7"}, {"depth", 12.5}, {"note", QJsonValue::Null}};
        auto created = store().createRecord(makeRecord("water", values));
        QVERIFY(created.ok());
        QVERIFY(!created->id.isNull());
        QCOMPARE(changed.count(), 1);

        auto loaded = store().record(created->id);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->values, values);
        QCOMPARE(loaded->state, RecordState::Draft);
        QCOMPARE(loaded->serverVersion, 0);
        QVERIFY(!loaded->deleted);

        const auto ops = pending();
        QCOMPARE(ops.size(), 1);
        const Operation &op = ops.first().operation;
        QCOMPARE(op.kind, OperationKind::Create);
        QCOMPARE(op.entityId, created->id);
        QCOMPARE(op.baseVersion, 0);
        QCOMPARE(op.formId, QStringLiteral("water"));
        QCOMPARE(op.formVersion, 1);
        QCOMPARE(op.state, QStringLiteral("draft"));
        // All set fields; a null field is not "set".
        QCOMPARE(op.fields, (QJsonObject{{"name", "Well 7"}, {"depth", 12.5}}));
        QVERIFY(!op.opId.isNull());
        QVERIFY(op.deviceTime.isValid());
        QCOMPARE(store().syncStatus(created->id).value(), SyncStatus::Pending);
    }

    void createRejectsDuplicateIdAndMissingForm()
    {
        Record record = makeRecord("water", {{"a", 1}});
        auto first = store().createRecord(record);
        QVERIFY(first.ok());
        record.id = first->id;
        auto again = store().createRecord(record);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("record_exists"));
        QCOMPARE(pending().size(), 1);
        auto noForm = store().createRecord(makeRecord(QString(), {}));
        QCOMPARE(noForm.error().code, QStringLiteral("invalid_argument"));
    }

    void updateWritesOnlyChangedFields()
    {
        const QJsonObject values{{"name", "Well 7"},
                                 {"depth", 12},
                                 {"members", QJsonArray{QJsonObject{{"age", 4}}}},
                                 {"gone", "x"}};
        auto created = store().createRecord(makeRecord("water", values));
        QVERIFY(created.ok());
        Record edited = *created;
        edited.values.insert("depth", 13);                                    // changed
        edited.values.insert("members", QJsonArray{QJsonObject{{"age", 5}}}); // changed
        edited.values.insert("new", true);                                    // added
        edited.values.remove("gone");                                         // removed
        edited.state = RecordState::Finalized;
        auto updated = store().updateRecord(edited);
        QVERIFY(updated.ok());

        const auto ops = pending();
        QCOMPARE(ops.size(), 2);
        const Operation &op = ops.at(1).operation;
        QCOMPARE(op.kind, OperationKind::Update);
        QCOMPARE(op.fields, (QJsonObject{{"depth", 13},
                                         {"members", QJsonArray{QJsonObject{{"age", 5}}}},
                                         {"new", true},
                                         {"gone", QJsonValue::Null}}));
        QVERIFY(!op.fields.contains("name")); // unchanged fields are not sent
        QCOMPARE(op.state, QStringLiteral("finalized"));
        QCOMPARE(store().record(created->id)->values, edited.values);
        QCOMPARE(store().record(created->id)->state, RecordState::Finalized);

        // Same values again: nothing changes, no operation.
        QVERIFY(store().updateRecord(edited).ok());
        QCOMPARE(pending().size(), 2);

        // Only the state changes: an operation with no fields and the new state.
        edited.state = RecordState::Draft;
        QVERIFY(store().updateRecord(edited).ok());
        QCOMPARE(pending().size(), 3);
        QCOMPARE(pending().at(2).operation.fields, QJsonObject());
        QCOMPARE(pending().at(2).operation.state, QStringLiteral("draft"));

        // A value change without a state change carries no state.
        edited.values.insert("name", "Well 8");
        QVERIFY(store().updateRecord(edited).ok());
        QCOMPARE(pending().at(3).operation.fields, (QJsonObject{{"name", "Well 8"}}));
        QCOMPARE(pending().at(3).operation.state, QString());
    }

    void updateBaseVersionIsLastServerVersion()
    {
        auto created = store().createRecord(makeRecord("water", {{"a", 1}}));
        QVERIFY(created.ok());
        const QUuid createOp = pending().first().operation.opId;
        QVERIFY(store().markApplied(createOp, 41).ok());
        QCOMPARE(store().record(created->id)->serverVersion, 41);
        QCOMPARE(store().syncStatus(created->id).value(), SyncStatus::Synced);
        Record edited = *store().record(created->id);
        edited.values.insert("a", 2);
        QVERIFY(store().updateRecord(edited).ok());
        QCOMPARE(pending().first().operation.baseVersion, 41);
    }

    void appliedCreateRebasesLaterOperations()
    {
        // Created and edited offline: the edit was made on top of the create, so once the
        // server applied the create at version 7 the edit's base is 7, not 0.
        auto created = store().createRecord(makeRecord("water", {{"a", 1}}));
        Record edited = *created;
        edited.values.insert("a", 2);
        QVERIFY(store().updateRecord(edited).ok());
        auto ops = pending();
        QCOMPARE(ops.at(1).operation.baseVersion, 0);
        QVERIFY(store().markApplied(ops.at(0).operation.opId, 7).ok());
        ops = pending();
        QCOMPARE(ops.size(), 1);
        QCOMPARE(ops.at(0).operation.baseVersion, 7);
        QCOMPARE(store().syncStatus(created->id).value(), SyncStatus::Pending);
        // A replayed acknowledgement is harmless.
        QVERIFY(store().markApplied(ops.at(0).operation.opId, 8).ok());
        QVERIFY(store().markApplied(ops.at(0).operation.opId, 8).ok());
        QCOMPARE(store().syncStatus(created->id).value(), SyncStatus::Synced);
        QCOMPARE(store().record(created->id)->serverVersion, 8);
    }

    void deleteIsATombstoneUntilAcknowledged()
    {
        auto created = store().createRecord(makeRecord("water", {{"name", "Doomed"}}));
        QVERIFY(created.ok());
        QVERIFY(store().markApplied(pending().first().operation.opId, 3).ok());
        QVERIFY(store().deleteRecord(created->id).ok());

        // The row stays, marked deleted, hidden from lists and search, with a delete op.
        auto tomb = store().record(created->id);
        QVERIFY(tomb.ok());
        QVERIFY(tomb->deleted);
        QCOMPARE(tomb->values, (QJsonObject{{"name", "Doomed"}}));
        QCOMPARE(store().countRecords().value(), 0);
        RecordQuery withDeleted;
        withDeleted.includeDeleted = true;
        QCOMPARE(store().countRecords(withDeleted).value(), 1);
        QVERIFY(store().listRecords(withDeleted)->first().deleted);
        RecordQuery search;
        search.searchText = "doomed";
        search.includeDeleted = true;
        QCOMPARE(store().countRecords(search).value(), 0);
        const auto ops = pending();
        QCOMPARE(ops.size(), 1);
        QCOMPARE(ops.first().operation.kind, OperationKind::Delete);
        QCOMPARE(ops.first().operation.baseVersion, 3);
        QCOMPARE(ops.first().operation.fields, QJsonObject());

        // Editing a tombstone is refused; deleting twice queues nothing more.
        QCOMPARE(store().updateRecord(*tomb).error().code, QStringLiteral("record_deleted"));
        QVERIFY(store().deleteRecord(created->id).ok());
        QCOMPARE(pending().size(), 1);

        // Rejected delete: the tombstone stays.
        QVERIFY(store().markRejected(ops.first().operation.opId, "locked by supervisor").ok());
        QVERIFY(store().record(created->id).ok());
        QVERIFY(store().dismissRejected(ops.first().operation.opId).ok());
        QVERIFY(store().record(created->id).ok());
    }

    void acknowledgedDeletePurgesTombstone()
    {
        auto created = store().createRecord(makeRecord("water", {{"name", "x"}}));
        QVERIFY(store().deleteRecord(created->id).ok());
        auto ops = pending();
        QCOMPARE(ops.size(), 2);
        QVERIFY(store().markApplied(ops.at(0).operation.opId, 1).ok());
        QVERIFY(store().record(created->id).ok()); // delete not yet acknowledged
        QVERIFY(store().markApplied(ops.at(1).operation.opId, 2).ok());
        QCOMPARE(store().record(created->id).error().code, QStringLiteral("record_not_found"));
        QCOMPARE(pending().size(), 0);
    }

    void rejectedOperationsStayVisibleAndDoNotBlock()
    {
        auto a = store().createRecord(makeRecord("water", {{"n", 1}}));
        auto b = store().createRecord(makeRecord("water", {{"n", 2}}));
        auto ops = pending();
        QVERIFY(store().markRejected(ops.at(0).operation.opId, "form retired").ok());
        QCOMPARE(store().syncStatus(a->id).value(), SyncStatus::Rejected);
        ops = pending();
        QCOMPARE(ops.size(), 1);
        QCOMPARE(ops.first().operation.entityId, b->id);
        auto rejected = store().rejectedOperations();
        QCOMPARE(rejected->size(), 1);
        QCOMPARE(rejected->first().rejectReason, QStringLiteral("form retired"));
        QCOMPARE(rejected->first().status, OutboxStatus::Rejected);
        QCOMPARE(store().markRejected(QUuid::createUuid(), "x").error().code,
                 QStringLiteral("operation_not_found"));
        QVERIFY(store().dismissRejected(rejected->first().operation.opId).ok());
        QCOMPARE(store().rejectedOperations()->size(), 0);
        QCOMPARE(store().syncStatus(a->id).value(), SyncStatus::Synced);
    }

    void attemptFailuresAreCounted()
    {
        QVERIFY(store().createRecord(makeRecord("water", {{"n", 1}})).ok());
        const QUuid op = pending().first().operation.opId;
        QVERIFY(store().recordAttemptFailure({op}, "timeout").ok());
        QVERIFY(store().recordAttemptFailure({op}, "503").ok());
        QCOMPARE(pending().first().attempts, 2);
        QCOMPARE(pending().first().lastError, QStringLiteral("503"));
        QCOMPARE(store().pendingOperationCount().value(), 1);
    }

    void conflictStatus()
    {
        auto a = store().createRecord(makeRecord("water", {{"n", 1}}));
        QVERIFY(store().setConflict(a->id, true).ok());
        QCOMPARE(store().syncStatus(a->id).value(), SyncStatus::Conflict);
        RecordQuery q;
        q.syncStatuses = {SyncStatus::Conflict};
        QCOMPARE(store().countRecords(q).value(), 1);
        QVERIFY(store().setConflict(a->id, false).ok());
        QCOMPARE(store().syncStatus(a->id).value(), SyncStatus::Pending);
        QCOMPARE(store().setConflict(QUuid::createUuid(), true).error().code,
                 QStringLiteral("record_not_found"));
    }

    void listFiltersSearchAndPages()
    {
        for (int i = 0; i < 30; ++i) {
            Record r = makeRecord(i % 3 == 0 ? "household" : "water",
                                  {{"name", QStringLiteral("Site %1").arg(i)},
                                   {"village", i % 2 ? "Kibera" : "Mathare"}});
            r.state = i % 5 == 0 ? RecordState::Finalized : RecordState::Draft;
            QVERIFY(store().createRecord(r).ok());
            QTest::qWait(1); // distinct updated times
        }
        QCOMPARE(store().countRecords().value(), 30);
        auto all = store().listRecords();
        QCOMPARE(all->size(), 30);
        // Newest first.
        for (int i = 1; i < all->size(); ++i)
            QVERIFY(all->at(i - 1).updatedAt >= all->at(i).updatedAt);
        QCOMPARE(all->first().displayText, QStringLiteral("Site 29 · Kibera"));

        RecordQuery byForm;
        byForm.formId = "household";
        QCOMPARE(store().countRecords(byForm).value(), 10);
        RecordQuery byState;
        byState.states = {RecordState::Finalized};
        QCOMPARE(store().countRecords(byState).value(), 6);
        RecordQuery search;
        search.searchText = "kib";
        QCOMPARE(store().countRecords(search).value(), 15);
        search.searchText = "kibera site";
        search.formId = "water";
        const auto found = store().listRecords(search);
        QVERIFY(!found->isEmpty());
        for (const RecordSummary &s : *found)
            QCOMPARE(s.formId, QStringLiteral("water"));
        search.searchText = "\"'*) OR (";
        QVERIFY(store().listRecords(search).ok()); // hostile search text is harmless

        RecordQuery page;
        page.offset = 10;
        page.limit = 5;
        const auto five = store().listRecords(page);
        QCOMPARE(five->size(), 5);
        QCOMPARE(five->first().id, all->at(10).id);
    }

    void serverChangesKeepPendingFieldsAndSaveCursor()
    {
        auto mine = store().createRecord(makeRecord("water", {{"a", 1}, {"b", 1}}));
        QVERIFY(store().markApplied(pending().first().operation.opId, 5).ok());
        Record edited = *store().record(mine->id);
        edited.values.insert("a", 2); // pending local change of a
        QVERIFY(store().updateRecord(edited).ok());

        Record server = *store().record(mine->id);
        server.values = QJsonObject{{"a", 9}, {"b", 9}};
        server.serverVersion = 6;
        Record other = makeRecord("water", {{"name", "from server"}});
        other.id = QUuid::createUuid();
        other.serverVersion = 4;
        ServerChanges page;
        page.records = {server, other};
        page.cursor = "c-42";
        QVERIFY(store().applyServerChanges(page).ok());
        QCOMPARE(store().record(mine->id)->values, (QJsonObject{{"a", 2}, {"b", 9}}));
        QCOMPARE(store().record(mine->id)->serverVersion, 6);
        QCOMPARE(store().record(other.id)->values, other.values);
        QCOMPARE(store().syncStatus(other.id).value(), SyncStatus::Synced);
        QCOMPARE(store().syncState("pull_cursor").value(), QStringLiteral("c-42"));

        ServerChanges deletion;
        deletion.deletions = {{other.id, 7}};
        deletion.cursor = "c-43";
        QVERIFY(store().applyServerChanges(deletion).ok());
        QCOMPARE(store().record(other.id).error().code, QStringLiteral("record_not_found"));
        QCOMPARE(store().syncState("pull_cursor").value(), QStringLiteral("c-43"));
    }

    void formsAndSyncState()
    {
        QVERIFY(
            store().saveForm({"water", 1, "Water point", R"({"id":"water","version":1})"}).ok());
        QVERIFY(
            store().saveForm({"water", 2, "Water point v2", R"({"id":"water","version":2})"}).ok());
        QVERIFY(store().saveForm({"household", 1, "Household", "{}"}).ok());
        QCOMPARE(store().form("water")->version, 2);
        QCOMPARE(store().form("water", 1)->definitionJson,
                 QByteArray(R"({"id":"water","version":1})"));
        QCOMPARE(store().form("nope").error().code, QStringLiteral("form_not_found"));
        const auto forms = store().forms();
        QCOMPARE(forms->size(), 2);
        QCOMPARE(forms->at(1).title, QStringLiteral("Water point v2"));
        QCOMPARE(store().syncState("never").value(), QString());
        QVERIFY(store().setSyncState("last_sync", "2026-01-01").ok());
        QCOMPARE(store().syncState("last_sync").value(), QStringLiteral("2026-01-01"));
    }

    void lockedStoreRefusesEverything()
    {
        store().lock();
        QVERIFY(store().isLocked());
        QCOMPARE(store().createRecord(makeRecord("water", {})).error().code,
                 QStringLiteral("store_locked"));
        QCOMPARE(store().listRecords().error().code, QStringLiteral("store_locked"));
        QCOMPARE(store().openConnection().error().code, QStringLiteral("store_locked"));
    }

    void defaultAccountLocation()
    {
        QCoreApplication::setApplicationName("outpost-test");
        auto location = StoreLocation::forAccount("acct-1");
        QVERIFY(location.ok());
        QVERIFY(location->databasePath().endsWith("/accounts/acct-1/outpost.db"));
        QVERIFY(location->keyParamsPath().endsWith("/accounts/acct-1/outpost.keyparams"));
        QVERIFY(location->attachmentsDirectory().endsWith("/accounts/acct-1/attachments"));
        QVERIFY(!StoreLocation::forAccount("../evil").ok());
        QVERIFY(!StoreLocation::forAccount("").ok());
    }
};

QTEST_GUILESS_MAIN(TestStoreRecords)
#include "tst_store_records.moc"
