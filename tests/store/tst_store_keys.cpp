// Keys and opening: wrong passphrase, passphrase change (rekey), cost upgrade, and files that
// are not Outpost stores, corrupt, truncated, or miss their key parameters.
#include <QBuffer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include "kdfparams.h"
#include "schema.h"
#include "storeconnection.h"
#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

namespace {

const QString kPass = QStringLiteral("correct horse battery");

} // namespace

class TestStoreKeys : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    StoreLocation m_location;
    StoreOptions m_options = StoreOptions::fastForTests();
    QList<QUuid> m_ids;

    // A store with a few records and an attachment, closed.
    void makeStore(int records = 20)
    {
        auto store = LocalStore::create(m_location, kPass, m_options);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        m_ids.clear();
        for (int i = 0; i < records; ++i) {
            auto r = (*store)->createRecord(makeRecord(
                "water", {{"name", QStringLiteral("Borehole number %1 with a long name").arg(i)},
                          {"i", i}}));
            QVERIFY(r.ok());
            m_ids << r->id;
        }
    }

    Status openAndReadEverything(const QString &passphrase)
    {
        auto store = LocalStore::unlock(m_location, passphrase, m_options);
        if (!store)
            return store.error();
        auto list = (*store)->listRecords();
        if (!list)
            return list.error();
        for (const RecordSummary &s : *list) {
            auto r = (*store)->record(s.id);
            if (!r)
                return r.error();
        }
        auto ops = (*store)->pendingOperations(-1);
        if (!ops)
            return ops.error();
        return (*store)->checkIntegrity();
    }

    void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(bytes), bytes.size());
    }

private slots:
    void init()
    {
        m_dir = makeTempDir();
        m_location = StoreLocation::inDirectory(m_dir->path() + "/acct");
    }

    void createAndUnlock()
    {
        QVERIFY(!LocalStore::exists(m_location));
        makeStore();
        QVERIFY(LocalStore::exists(m_location));
        auto store = LocalStore::unlock(m_location, kPass, m_options);
        QVERIFY(store.ok());
        QCOMPARE((*store)->countRecords().value(), 20);
        QCOMPARE((*store)->schemaVersion(), Schema::kLatestVersion);
        QCOMPARE(LocalStore::create(m_location, kPass, m_options).error().code,
                 QStringLiteral("store_exists"));
        QCOMPARE(LocalStore::create(StoreLocation::inDirectory(m_dir->path() + "/x"), QString(),
                                    m_options)
                     .error()
                     .code,
                 QStringLiteral("invalid_argument"));
    }

    void missingStore()
    {
        QCOMPARE(LocalStore::unlock(m_location, kPass, m_options).error().code,
                 QStringLiteral("store_missing"));
    }

    void wrongPassphraseTouchesNothing()
    {
        makeStore();
        const auto before = directoryHashes(m_location.directory);
        QVERIFY(before.contains(m_location.databasePath()));
        auto wrong = LocalStore::unlock(m_location, "Correct horse battery", m_options);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, QStringLiteral("wrong_passphrase"));
        QVERIFY(wrong.error().isPermanent());
        QCOMPARE(directoryHashes(m_location.directory), before); // same files, same bytes
        QVERIFY(openAndReadEverything(kPass).ok());
    }

    void changePassphrase()
    {
        makeStore();
        const QByteArray attachmentBytes = QByteArray("photo bytes ").repeated(10000);
        QUuid attachmentId;
        {
            auto store = LocalStore::unlock(m_location, kPass, m_options);
            QVERIFY(store.ok());
            QBuffer source;
            source.setData(attachmentBytes);
            source.open(QIODevice::ReadOnly);
            auto ref = (*store)->importAttachment(source, "p.jpg", "image/jpeg");
            QVERIFY(ref.ok());
            attachmentId = ref->id;
            const QByteArray oldParams = fileHash(m_location.keyParamsPath());
            QVERIFY((*store)->changePassphrase("new passphrase").ok());
            QVERIFY(fileHash(m_location.keyParamsPath()) != oldParams); // fresh salt
            QVERIFY(!QFile::exists(m_location.pendingKeyParamsPath()));
            // The connection keeps working with the new key.
            QVERIFY((*store)->createRecord(makeRecord("water", {{"after", "rekey"}})).ok());
        }
        QCOMPARE(LocalStore::unlock(m_location, kPass, m_options).error().code,
                 QStringLiteral("wrong_passphrase"));
        auto store = LocalStore::unlock(m_location, "new passphrase", m_options);
        QVERIFY(store.ok());
        QCOMPARE((*store)->countRecords().value(), 21);
        for (const QUuid &id : std::as_const(m_ids))
            QVERIFY((*store)->record(id).ok());
        // Attachments are encrypted with a key inside the database: still readable.
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY((*store)->exportAttachment(attachmentId, out).ok());
        QCOMPARE(out.data(), attachmentBytes);
    }

    void changePassphraseNeedsTheOnlyConnection()
    {
        makeStore();
        auto store = LocalStore::unlock(m_location, kPass, m_options);
        auto second = (*store)->openConnection();
        QVERIFY(second.ok());
        const Status refused = (*store)->changePassphrase("other");
        QCOMPARE(refused.error().code, QStringLiteral("store_in_use"));
        second->reset();
        QVERIFY((*store)->changePassphrase("other").ok());
    }

    void weakCostIsRaisedOnUnlock()
    {
        makeStore();
        const KdfParams weak = KdfParams::load(m_location.keyParamsPath()).value();
        StoreOptions stronger = m_options;
        stronger.kdfOpsLimit = weak.opsLimit + 1;
        stronger.kdfMemLimitBytes = weak.memLimitBytes * 2;
        {
            auto store = LocalStore::unlock(m_location, kPass, stronger);
            QVERIFY(store.ok());
        }
        const KdfParams raised = KdfParams::load(m_location.keyParamsPath()).value();
        QCOMPARE(raised.opsLimit, stronger.kdfOpsLimit);
        QCOMPARE(raised.memLimitBytes, stronger.kdfMemLimitBytes);
        QVERIFY(raised.salt != weak.salt);
        // The old parameters no longer open it: the database was rekeyed.
        QVERIFY(weak.save(m_location.keyParamsPath()).ok());
        QCOMPARE(LocalStore::unlock(m_location, kPass, stronger).error().code,
                 QStringLiteral("wrong_passphrase"));
        QVERIFY(raised.save(m_location.keyParamsPath()).ok());
        QVERIFY(openAndReadEverything(kPass).ok());
    }

    // New stores get large pages (less SQLCipher work per byte); the parameters file says so.
    void newStoresUseLargePages()
    {
        makeStore();
        const KdfParams params = KdfParams::load(m_location.keyParamsPath()).value();
        QCOMPARE(params.cipherPageSizeBytes, m_options.newStorePageSizeBytes);
        QCOMPARE(params.cipherPageSizeBytes, 8192);
        auto key = params.deriveKey(SecureBuffer::fromPassphrase(kPass));
        auto conn = StoreConnection::open(m_location.databasePath(), std::move(key).value(),
                                          params.cipherPageSizeBytes, m_options, false);
        QVERIFY(conn.ok());
        QCOMPARE((*conn)->db().queryInt("PRAGMA page_size").value(), 8192);
        QCOMPARE(QFileInfo(m_location.databasePath()).size() % 8192, 0);

        // A page size SQLCipher would not take is refused before any file is made.
        StoreOptions odd = m_options;
        odd.newStorePageSizeBytes = 3000;
        const StoreLocation other = StoreLocation::inDirectory(m_dir->path() + "/odd");
        QCOMPARE(LocalStore::create(other, kPass, odd).error().code,
                 QStringLiteral("invalid_argument"));
        QVERIFY(!QFileInfo::exists(other.directory));
    }

    // Stores made with other page sizes keep opening, writing, changing their passphrase and
    // raising their cost with their own page size: 4 KiB (what every store recorded before
    // the default grew) and a parameters file without a page size (SQLCipher's 1 KiB).
    void otherPageSizesKeepWorking_data()
    {
        QTest::addColumn<int>("pageBytes");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("4 KiB, recorded") << 4096 << true;
        QTest::newRow("not recorded: 1 KiB") << 1024 << false;
    }

    void otherPageSizesKeepWorking()
    {
        QFETCH(int, pageBytes);
        QFETCH(bool, recorded);
        QVERIFY(QDir().mkpath(m_location.attachmentsDirectory()));
        KdfParams params = KdfParams::fresh(m_options);
        params.cipherPageSizeBytes = pageBytes;
        if (recorded) {
            QVERIFY(params.save(m_location.keyParamsPath()).ok());
        } else {
            QJsonObject json = QJsonDocument::fromJson(params.toJson()).object();
            json.remove(QStringLiteral("cipher_page_size_bytes"));
            writeFile(m_location.keyParamsPath(), QJsonDocument(json).toJson());
        }
        auto pageSizeOnDisk = [this](const QString &passphrase) -> qint64 {
            const KdfParams now = KdfParams::load(m_location.keyParamsPath()).value();
            auto key = now.deriveKey(SecureBuffer::fromPassphrase(passphrase));
            auto conn = StoreConnection::open(m_location.databasePath(), std::move(key).value(),
                                              now.cipherPageSizeBytes, m_options, false);
            return conn ? (*conn)->db().queryInt("PRAGMA page_size").valueOr(-1) : -1;
        };
        {
            // The store as the version before this one left it (schema 5).
            auto key = params.deriveKey(SecureBuffer::fromPassphrase(kPass));
            auto conn = StoreConnection::open(m_location.databasePath(), std::move(key).value(),
                                              pageBytes, m_options, true);
            QVERIFY(conn.ok());
            QVERIFY(Schema::migrate((*conn)->db(), 5).ok());
            QCOMPARE((*conn)->db().queryInt("PRAGMA page_size").value(), pageBytes);
        }
        QCOMPARE(KdfParams::load(m_location.keyParamsPath())->cipherPageSizeBytes, pageBytes);
        {
            auto store = LocalStore::unlock(m_location, kPass, m_options);
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
            QCOMPARE((*store)->schemaVersion(), Schema::kLatestVersion);
            QVERIFY((*store)->createRecord(makeRecord("water", {{"name", "first"}})).ok());
            {
                auto second = (*store)->openConnection();
                QVERIFY(second.ok());
                QVERIFY((*second)->createRecord(makeRecord("water", {{"name", "second"}})).ok());
            }
            QVERIFY((*store)->changePassphrase(QStringLiteral("changed")).ok());
        }
        QCOMPARE(KdfParams::load(m_location.keyParamsPath())->cipherPageSizeBytes, pageBytes);
        QCOMPARE(pageSizeOnDisk(QStringLiteral("changed")), pageBytes);
        StoreOptions stronger = m_options; // the next unlock raises the cost (another rekey)
        stronger.kdfOpsLimit = params.opsLimit + 1;
        {
            auto store = LocalStore::unlock(m_location, QStringLiteral("changed"), stronger);
            QVERIFY(store.ok());
        }
        const KdfParams raised = KdfParams::load(m_location.keyParamsPath()).value();
        QCOMPARE(raised.opsLimit, stronger.kdfOpsLimit);
        QCOMPARE(raised.cipherPageSizeBytes, pageBytes);
        QCOMPARE(pageSizeOnDisk(QStringLiteral("changed")), pageBytes);
        auto store = LocalStore::unlock(m_location, QStringLiteral("changed"), stronger);
        QVERIFY(store.ok());
        QCOMPARE((*store)->countRecords().value(), 2);
        QVERIFY((*store)->checkIntegrity().ok());
    }

    void keyParamsFileMissingOrGarbled()
    {
        makeStore();
        const QByteArray good = [&] {
            QFile f(m_location.keyParamsPath());
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        QVERIFY(!good.isEmpty());
        QVERIFY(!good.contains("key\""));

        QVERIFY(QFile::remove(m_location.keyParamsPath()));
        QCOMPARE(LocalStore::unlock(m_location, kPass, m_options).error().code,
                 QStringLiteral("key_params_missing"));
        const QList<QByteArray> garbled = {
            "",
            "not json",
            "[]",
            good.left(good.size() / 2),
            QByteArray(good).replace("argon2id13", "scrypt"),
            QByteArray(good).replace("\"format\": 1", "\"format\": 9"),
            QJsonDocument(QJsonObject{{"format", 1}, {"algorithm", "argon2id13"}}).toJson(),
        };
        for (const QByteArray &bytes : garbled) {
            writeFile(m_location.keyParamsPath(), bytes);
            const auto result = LocalStore::unlock(m_location, kPass, m_options);
            QVERIFY(!result.ok());
            QCOMPARE(result.error().code, QStringLiteral("key_params_invalid"));
        }
        // A valid file with another salt: the key is wrong.
        KdfParams other = KdfParams::fresh(m_options);
        QVERIFY(other.save(m_location.keyParamsPath()).ok());
        QCOMPARE(LocalStore::unlock(m_location, kPass, m_options).error().code,
                 QStringLiteral("wrong_passphrase"));
        writeFile(m_location.keyParamsPath(), good);
        QVERIFY(openAndReadEverything(kPass).ok());
    }

    void notAnOutpostDatabase_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        const int page = m_options.newStorePageSizeBytes;
        QByteArray plainSqlite("SQLite format 3\0", 16);
        plainSqlite.append(QByteArray(page - 16, '\0'));
        QTest::newRow("plaintext sqlite") << plainSqlite << "not_outpost_database";
        QTest::newRow("text file")
            << QByteArray("hello, I am a text file\n") << "not_outpost_database";
        QTest::newRow("odd size") << QByteArray(5000, 'x') << "not_outpost_database";
        QByteArray random(2 * page, '\0');
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(random.data()),
                                              random.size() / 4);
        // Random pages are indistinguishable from another key's pages, by design.
        QTest::newRow("random pages") << random << "wrong_passphrase";
    }

    void notAnOutpostDatabase()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        makeStore();
        QVERIFY(QFile::remove(m_location.databasePath()));
        writeFile(m_location.databasePath(), bytes);
        const auto result = LocalStore::unlock(m_location, kPass, m_options);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, code);
        QCOMPARE(fileHash(m_location.databasePath()),
                 QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    }

    void corruptPagesGiveAnErrorNotACrash()
    {
        makeStore(600);
        const qint64 size = QFileInfo(m_location.databasePath()).size();
        const int pageBytes = m_options.newStorePageSizeBytes;
        QVERIFY(size > 4 * pageBytes);
        // Flip one byte in each page, one page at a time.
        for (qint64 page = 1; page < size / pageBytes; ++page) {
            const auto backup = directoryHashes(m_location.directory);
            QFile file(m_location.databasePath());
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(page * pageBytes + 100);
            char c = 0;
            file.getChar(&c);
            file.seek(page * pageBytes + 100);
            file.putChar(static_cast<char>(c ^ 0x20));
            file.close();
            const Status s = openAndReadEverything(kPass);
            QVERIFY2(!s.ok(), qPrintable(QStringLiteral("page %1 corrupt, no error").arg(page)));
            QVERIFY2(s.error().code == QStringLiteral("store_corrupt") ||
                         s.error().code == QStringLiteral("not_outpost_database"),
                     qPrintable(s.error().code + ": " + s.error().message));
            // Undo the flip for the next round.
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(page * pageBytes + 100);
            file.putChar(c);
            file.close();
            QVERIFY(openAndReadEverything(kPass).ok());
            Q_UNUSED(backup);
        }
        // Page 1 (the header page) corrupt: cannot even check the key.
        QFile file(m_location.databasePath());
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(200);
        file.putChar('!');
        file.close();
        const auto result = LocalStore::unlock(m_location, kPass, m_options);
        QVERIFY(!result.ok());
    }

    void truncatedFile()
    {
        makeStore(600);
        const qint64 size = QFileInfo(m_location.databasePath()).size();
        {
            QFile file(m_location.databasePath());
            const int pageBytes = m_options.newStorePageSizeBytes;
            QVERIFY(file.resize(size / pageBytes / 2 * pageBytes)); // whole pages
        }
        const Status s = openAndReadEverything(kPass);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().code == QStringLiteral("store_corrupt") ||
                     s.error().code == QStringLiteral("not_outpost_database"),
                 qPrintable(s.error().code + ": " + s.error().message));
        {
            QFile file(m_location.databasePath());
            QVERIFY(file.resize(size / 2 + 1000)); // mid-page
        }
        QCOMPARE(LocalStore::unlock(m_location, kPass, m_options).error().code,
                 QStringLiteral("not_outpost_database"));
    }

    void newerSchemaIsRefused()
    {
        makeStore();
        {
            const KdfParams params = KdfParams::load(m_location.keyParamsPath()).value();
            auto key = params.deriveKey(SecureBuffer::fromPassphrase(kPass));
            auto conn = StoreConnection::open(m_location.databasePath(), std::move(key).value(),
                                              params.cipherPageSizeBytes, m_options, false);
            QVERIFY(conn.ok());
            QVERIFY((*conn)->db().exec("PRAGMA user_version = 99").ok());
        }
        QCOMPARE(LocalStore::unlock(m_location, kPass, m_options).error().code,
                 QStringLiteral("store_too_new"));
    }

    void passphraseIsNotOnDisk()
    {
        makeStore();
        QVERIFY(filesContaining(m_location.directory, kPass.toUtf8()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStoreKeys)
#include "tst_store_keys.moc"
