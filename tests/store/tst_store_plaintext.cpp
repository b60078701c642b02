// No plaintext at rest: a distinctive value stored everywhere the store keeps data (record
// values, display text, search index, outbox, forms, sync state, rejection reasons,
// attachment bytes and names) must not appear in any byte of any file of the store directory
// (database, -wal, -shm, key parameters, attachments), while open and after closing. Nor
// may the derived database key.
#include <QBuffer>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

#include <sodium.h>

#include "kdfparams.h"
#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

namespace {

const QString kMarker = QStringLiteral("ZEBRAFISH7731MARKER");
const QString kPass = QStringLiteral("plaintext test passphrase");

QList<QByteArray> needles()
{
    const QString m = kMarker;
    return {m.toUtf8(), QByteArray(reinterpret_cast<const char *>(m.utf16()), m.size() * 2),
            m.toLower().toUtf8(), kPass.toUtf8()};
}

} // namespace

class TestStorePlaintext : public QObject
{
    Q_OBJECT

private:
    void verifyNoPlaintext(const QString &dir)
    {
        for (const QByteArray &needle : needles()) {
            const QStringList hits = filesContaining(dir, needle);
            QVERIFY2(hits.isEmpty(),
                     qPrintable(QStringLiteral("plaintext \"%1\" found in %2")
                                    .arg(QString::fromLatin1(needle.toHex()), hits.join(", "))));
        }
    }

private slots:
    void scannerFindsPlaintext()
    {
        // The scan itself works: a plain file with the marker is found.
        auto dir = makeTempDir();
        QFile f(dir->path() + "/plain");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("xx" + kMarker.toUtf8() + "yy");
        f.close();
        QCOMPARE(filesContaining(dir->path(), kMarker.toUtf8()).size(), 1);
    }

    void nothingReadableAtRest()
    {
        auto dir = makeTempDir();
        const StoreLocation location = StoreLocation::inDirectory(dir->path() + "/acct");
        auto created = LocalStore::create(location, kPass, StoreOptions::fastForTests());
        QVERIFY(created.ok());
        std::unique_ptr<LocalStore> store = std::move(created).value();

        const QString text = QStringLiteral("water point %1 near the school").arg(kMarker);
        QList<QUuid> ids;
        for (int i = 0; i < 300; ++i) {
            auto r = store->createRecord(makeRecord(
                "water",
                {{"name", text}, {"n", i}, {"group", QJsonArray{QJsonObject{{"who", kMarker}}}}}));
            QVERIFY(r.ok());
            ids << r->id;
        }
        Record edited = *store->record(ids.first());
        edited.values.insert("comment", kMarker + " edited");
        QVERIFY(store->updateRecord(edited).ok());
        QVERIFY(store->deleteRecord(ids.last()).ok());
        QVERIFY(store->saveForm({"water", 1, kMarker, ("{\"title\":\"" + kMarker + "\"}").toUtf8()})
                    .ok());
        QVERIFY(store->setSyncState("pull_cursor", kMarker).ok());
        const auto ops = store->pendingOperations(1);
        QVERIFY(store->markRejected(ops->first().operation.opId, kMarker).ok());
        QBuffer photo;
        photo.setData(QByteArray("JPEG ") + kMarker.toUtf8().repeated(5000));
        photo.open(QIODevice::ReadOnly);
        auto ref = store->importAttachment(photo, kMarker + ".jpg", "image/jpeg");
        QVERIFY(ref.ok());
        RecordQuery search;
        search.searchText = kMarker;
        QCOMPARE(store->countRecords(search).value(), 299); // the data is really there

        // While open: the WAL holds the latest pages.
        QVERIFY(QFile::exists(location.databasePath() + "-wal"));
        QVERIFY(QFileInfo(location.databasePath() + "-wal").size() > 0);
        verifyNoPlaintext(location.directory);

        // The derived key is not on disk either (raw or as hex).
        const KdfParams params = KdfParams::load(location.keyParamsPath()).value();
        auto key = params.deriveKey(SecureBuffer::fromPassphrase(kPass));
        QVERIFY(key.ok());
        const QByteArray raw(reinterpret_cast<const char *>(key->data()),
                             static_cast<qsizetype>(key->size()));
        QVERIFY(filesContaining(location.directory, raw).isEmpty());
        QVERIFY(filesContaining(location.directory, raw.toHex()).isEmpty());

        store.reset();
        verifyNoPlaintext(location.directory);
        // And the data is still there for the right passphrase.
        auto reopened = LocalStore::unlock(location, kPass, StoreOptions::fastForTests());
        QVERIFY(reopened.ok());
        QCOMPARE((*reopened)->countRecords(search).value(), 299);
    }
};

QTEST_GUILESS_MAIN(TestStorePlaintext)
#include "tst_store_plaintext.moc"
