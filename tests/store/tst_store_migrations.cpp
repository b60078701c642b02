// Schema migrations from every older version, with data in the database: build a store at
// version v (0 .. latest-1) with the tables that version had, fill it with that version's
// SQL, then unlock it with the current code and check that everything survived and that the
// later features (attachments, display text, search) work on the old data.
#include <QBuffer>
#include <QTest>

#include "kdfparams.h"
#include "schema.h"
#include "storeconnection.h"
#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

namespace {

const QString kPass = QStringLiteral("migrate me");
const QString kLive = QStringLiteral("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
const QString kTomb = QStringLiteral("3f2504e0-4f89-11d3-9a0c-0305e82c3302");
const QString kAttachment = QStringLiteral("3f2504e0-4f89-11d3-9a0c-0305e82c3303");

} // namespace

class TestStoreMigrations : public QObject
{
    Q_OBJECT

private:
    // Data as a store at `version` would hold it, written with that version's columns.
    void fillVersion(SqliteDatabase &db, int version)
    {
        if (version < 1)
            return;
        const char *displayColumn = version >= 3 ? ", display_text" : "";
        const char *displayValue = version >= 3 ? ", 'Old well'" : "";
        const QByteArray records =
            QByteArray("INSERT INTO records(seq, id, form_id, form_version, values_json, state,"
                       " server_version, created_at_ms, updated_at_ms, deleted, review_comment,"
                       " sync_status") +
            displayColumn + ") VALUES (1, '" + kLive.toLatin1() +
            "', 'water', 2, '{\"name\":\"Old well\",\"depth\":7}', 'finalized', 12, 1000, 2000,"
            " 0, 'fine', 'pending'" +
            displayValue + "), (2, '" + kTomb.toLatin1() +
            "', 'water', 1, '{\"name\":\"Gone\"}', 'draft', 3, 1000, 3000, 1, '', 'pending'" +
            displayValue + ");";
        QVERIFY(db.exec(records.constData()).ok());
        const QByteArray outbox =
            "INSERT INTO outbox(op_id, entity, entity_id, kind, base_version, form_id,"
            " form_version, fields_json, state, device_time_ms) VALUES"
            " ('aaaaaaaa-0000-0000-0000-000000000001', 'record', '" +
            kLive.toLatin1() +
            "', 'update', 12, 'water', 2, '{\"depth\":7}', 'finalized', 2000),"
            " ('aaaaaaaa-0000-0000-0000-000000000002', 'record', '" +
            kTomb.toLatin1() +
            "', 'delete', 3, 'water', 1, '{}', '', 3000);"
            "INSERT INTO sync_state(key, value) VALUES ('pull_cursor', 'cursor-77');"
            "INSERT INTO forms(form_id, version, title, definition_json, received_at_ms)"
            " VALUES ('water', 2, 'Water point', '{\"id\":\"water\"}', 1);";
        QVERIFY(db.exec(outbox.constData()).ok());
        if (version >= 2) {
            const QByteArray attachment =
                "INSERT INTO attachments(id, record_id, file_name, mime_type, size_bytes, sha256,"
                " upload_state, uploaded_bytes, created_at_ms) VALUES ('" +
                kAttachment.toLatin1() + "', '" + kLive.toLatin1() +
                "', 'well.jpg', 'image/jpeg', 1234, '" + QByteArray(64, 'a') +
                "', 'uploading', 512, 5);";
            QVERIFY(db.exec(attachment.constData()).ok());
        }
        if (version >= 3) {
            QVERIFY(db.exec("INSERT INTO record_search(docid, body) VALUES (1, 'Old well ')").ok());
        }
    }

private slots:
    void fromEveryOlderVersion_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 0; v < Schema::kLatestVersion; ++v)
            QTest::newRow(qPrintable(QStringLiteral("v%1").arg(v))) << v;
    }

    void fromEveryOlderVersion()
    {
        QFETCH(int, version);
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path());
        const StoreOptions options = StoreOptions::fastForTests();
        QVERIFY(QDir().mkpath(location.attachmentsDirectory()));
        {
            const KdfParams params = KdfParams::fresh(options);
            QVERIFY(params.save(location.keyParamsPath()).ok());
            auto key = params.deriveKey(SecureBuffer::fromPassphrase(kPass));
            auto conn = StoreConnection::open(location.databasePath(), std::move(key).value(),
                                              params.cipherPageSizeBytes, options, true);
            QVERIFY(conn.ok());
            QVERIFY(Schema::migrate((*conn)->db(), version).ok());
            QCOMPARE(Schema::version((*conn)->db()).value(), version);
            fillVersion((*conn)->db(), version);
            if (QTest::currentTestFailed())
                return;
        }

        auto store = LocalStore::unlock(location, kPass, options);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        QCOMPARE((*store)->schemaVersion(), Schema::kLatestVersion);
        QVERIFY((*store)->checkIntegrity().ok());

        if (version >= 1) {
            auto live = (*store)->record(QUuid::fromString(kLive));
            QVERIFY(live.ok());
            QCOMPARE(live->values, (QJsonObject{{"name", "Old well"}, {"depth", 7}}));
            QCOMPARE(live->state, RecordState::Finalized);
            QCOMPARE(live->serverVersion, 12);
            QCOMPARE(live->formVersion, 2);
            QCOMPARE(live->reviewComment, QStringLiteral("fine"));
            QCOMPARE(live->updatedAt.toMSecsSinceEpoch(), 2000);
            auto tomb = (*store)->record(QUuid::fromString(kTomb));
            QVERIFY(tomb.ok());
            QVERIFY(tomb->deleted);

            const auto ops = (*store)->pendingOperations(-1);
            QCOMPARE(ops->size(), 2);
            QCOMPARE(ops->at(0).operation.kind, OperationKind::Update);
            QCOMPARE(ops->at(0).operation.fields, (QJsonObject{{"depth", 7}}));
            QCOMPARE(ops->at(0).operation.baseVersion, 12);
            QCOMPARE(ops->at(1).operation.kind, OperationKind::Delete);
            QCOMPARE((*store)->syncState("pull_cursor").value(), QStringLiteral("cursor-77"));
            QCOMPARE((*store)->form("water")->title, QStringLiteral("Water point"));

            // Version 3: display text and full-text search cover the old records.
            const auto list = (*store)->listRecords();
            QCOMPARE(list->size(), 1);
            QCOMPARE(list->first().displayText,
                     version >= 3 ? QStringLiteral("Old well") : QStringLiteral("Old well · 7"));
            RecordQuery search;
            search.searchText = "old";
            QCOMPARE((*store)->countRecords(search).value(), 1);

            // The outbox keeps working on migrated data.
            QVERIFY((*store)->markApplied(ops->at(1).operation.opId, 13).ok());
            QCOMPARE((*store)->record(QUuid::fromString(kTomb)).error().code,
                     QStringLiteral("record_not_found"));
        }
        if (version >= 2) {
            auto info = (*store)->attachment(QUuid::fromString(kAttachment));
            QVERIFY(info.ok());
            QCOMPARE(info->ref.fileName, QStringLiteral("well.jpg"));
            QCOMPARE(info->uploadState, UploadState::Uploading);
            QCOMPARE(info->uploadedBytes, 512);
            QVERIFY(!info->fromServer); // version 7: rows made before it are this device's
            QCOMPARE(info->downloadState, DownloadState::None);
            QCOMPARE((*store)->attachmentsToUpload()->size(), 1);
            QCOMPARE((*store)->attachmentsToDownload()->size(), 0);
        }
        // Version 2 made an attachment key: attachments work on a migrated store.
        QBuffer photo;
        photo.setData("new photo");
        photo.open(QIODevice::ReadOnly);
        auto ref = (*store)->importAttachment(photo, "n.jpg", "image/jpeg");
        QVERIFY(ref.ok());
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY((*store)->exportAttachment(ref->id, out).ok());
        QCOMPARE(out.data(), QByteArray("new photo"));
        // New records work alongside the old ones.
        QVERIFY((*store)->createRecord(makeRecord("water", {{"name", "New"}})).ok());
    }

    void eachStepIsAtomic()
    {
        // A failing step leaves the previous version intact: simulate by making one of step
        // 2's index names exist already, so that step fails half-way.
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path());
        const StoreOptions options = StoreOptions::fastForTests();
        const KdfParams params = KdfParams::fresh(options);
        auto key = params.deriveKey(SecureBuffer::fromPassphrase(kPass));
        auto conn = StoreConnection::open(location.databasePath(), std::move(key).value(),
                                          params.cipherPageSizeBytes, options, true);
        QVERIFY(conn.ok());
        SqliteDatabase &db = (*conn)->db();
        QVERIFY(Schema::migrate(db, 1).ok());
        QVERIFY(db.exec("CREATE INDEX attachments_by_upload ON records(seq)").ok());
        const Status failed = Schema::migrate(db);
        QVERIFY(!failed.ok());
        QCOMPARE(Schema::version(db).value(), 1);
        QVERIFY(
            db.queryInt("SELECT count(*) FROM sqlite_master WHERE name = 'attachments'").value() ==
            0); // step 2's table was rolled back with it
        QVERIFY(db.queryInt("SELECT count(*) FROM store_meta").value() == 0);
    }
};

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "tst_store_migrations.moc"
