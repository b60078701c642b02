// Encrypted attachments: round trips of many sizes, MIME detection, and tamper detection
// (flipped bytes, truncation, appended data, reordered chunks, files swapped between ids).
#include <QBuffer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTest>

#include "attachmentwriter.h"
#include "storetestutil.h"

using namespace outpost;
using namespace outpost::storetest;

namespace {

constexpr qint64 kPrefix = 12 + 24; // file prefix + secretstream header
constexpr qint64 kCipherChunk = AttachmentWriter::kChunkBytes + 17;

QByteArray randomBytes(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return bytes;
}

} // namespace

class TestStoreAttachments : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;

    AttachmentRef import(const QByteArray &bytes, const QString &name = "a.bin")
    {
        QBuffer source;
        source.setData(bytes);
        source.open(QIODevice::ReadOnly);
        auto ref = m_store->importAttachment(source, name, "application/octet-stream");
        if (!ref) {
            qWarning() << ref.error().message;
            return {};
        }
        return *ref;
    }

    Result<QByteArray> exportBytes(const QUuid &id)
    {
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        if (Status s = m_store->exportAttachment(id, out); !s)
            return s.error();
        return out.data();
    }

    QString pathOf(const QUuid &id)
    {
        return m_store->location().attachmentPath(id.toString(QUuid::WithoutBraces));
    }

    QByteArray readFile(const QString &path)
    {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }

    void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

private slots:
    void init()
    {
        m_dir = makeTempDir();
        auto store = LocalStore::create(StoreLocation::inDirectory(m_dir->path()), "attach",
                                        StoreOptions::fastForTests());
        QVERIFY(store.ok());
        m_store = std::move(store).value();
    }

    void roundTrip_data()
    {
        QTest::addColumn<qint64>("size");
        for (qint64 size : {0LL, 1LL, 65535LL, 65536LL, 65537LL, 3 * 65536LL, 1000003LL})
            QTest::newRow(qPrintable(QString::number(size))) << size;
    }

    void roundTrip()
    {
        QFETCH(qint64, size);
        const QByteArray bytes = randomBytes(size);
        const AttachmentRef ref = import(bytes);
        QVERIFY(!ref.id.isNull());
        QCOMPARE(ref.sizeBytes, size);
        QCOMPARE(ref.sha256,
                 QString::fromLatin1(
                     QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        // Chunked file: prefix, then one chunk per started 64 KiB (one empty chunk if empty).
        const qint64 chunks = size == 0 ? 1 : (size + 65535) / 65536;
        QCOMPARE(QFileInfo(pathOf(ref.id)).size(), kPrefix + chunks * 17 + size);
        auto back = exportBytes(ref.id);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(*back, bytes);

        // Reading in bounded chunks.
        auto reader = m_store->openAttachment(ref.id);
        QVERIFY(reader.ok());
        qint64 total = 0;
        while (!(*reader)->atEnd()) {
            auto chunk = (*reader)->read();
            QVERIFY(chunk.ok());
            QVERIFY(chunk->size() <= AttachmentWriter::kChunkBytes);
            total += chunk->size();
        }
        QCOMPARE(total, size);
    }

    void importFileDetectsMimeAndName()
    {
        const QString path = m_dir->path() + "/IMG_0042.png";
        QByteArray png("\x89PNG\r\n\x1a\n", 8);
        png.append(randomBytes(1000));
        writeFile(path, png);
        const QUuid recordId = QUuid::createUuid();
        auto ref = m_store->importAttachment(path, recordId);
        QVERIFY(ref.ok());
        QCOMPARE(ref->mimeType, QStringLiteral("image/png"));
        QCOMPARE(ref->fileName, QStringLiteral("IMG_0042.png"));
        QCOMPARE(AttachmentRef::fromJson(ref->toJson()).value(), *ref);
        const QJsonObject json = ref->toJson();
        QCOMPARE(json.value("size").toInteger(), 1008);
        QCOMPARE(json.value("type").toString(), QStringLiteral("image/png"));

        auto info = m_store->attachment(ref->id);
        QCOMPARE(info->recordId, recordId);
        QCOMPARE(info->uploadState, UploadState::Waiting);
        QCOMPARE(m_store->attachmentsToUpload()->size(), 1);
        QVERIFY(
            m_store->setUploadProgress(ref->id, UploadState::Uploading, 512, "https://x/u/1").ok());
        QCOMPARE(m_store->attachment(ref->id)->uploadedBytes, 512);
        QVERIFY(m_store->setUploadProgress(ref->id, UploadState::Done, 1008, "https://x/u/1").ok());
        QCOMPARE(m_store->attachmentsToUpload()->size(), 0);
        QCOMPARE(m_store->importAttachment(m_dir->path() + "/none.jpg").error().code,
                 QStringLiteral("io_error"));
    }

    void tamperIsDetected_data()
    {
        QTest::addColumn<QString>("how");
        for (const char *how :
             {"flip header", "flip first chunk", "flip middle chunk", "flip last tag",
              "truncate at chunk boundary", "truncate mid chunk", "truncate to header", "append",
              "swap chunks", "swap files", "empty file"})
            QTest::newRow(how) << QString::fromLatin1(how);
    }

    void tamperIsDetected()
    {
        QFETCH(QString, how);
        const QByteArray bytes = randomBytes(3 * 65536 + 100); // 4 chunks
        const AttachmentRef ref = import(bytes);
        const AttachmentRef other = import(randomBytes(3 * 65536 + 100));
        const QString path = pathOf(ref.id);
        QByteArray file = readFile(path);
        QCOMPARE(file.size(), kPrefix + 3 * kCipherChunk + 100 + 17);
        if (how == "flip header")
            file[20] = static_cast<char>(file[20] ^ 1);
        else if (how == "flip first chunk")
            file[kPrefix + 10] = static_cast<char>(file[kPrefix + 10] ^ 0x80);
        else if (how == "flip middle chunk")
            file[kPrefix + kCipherChunk + 5000] =
                static_cast<char>(file[kPrefix + kCipherChunk + 5000] ^ 4);
        else if (how == "flip last tag")
            file[file.size() - 1] = static_cast<char>(file[file.size() - 1] ^ 1);
        else if (how == "truncate at chunk boundary")
            file.truncate(kPrefix + 3 * kCipherChunk); // the final chunk is gone
        else if (how == "truncate mid chunk")
            file.truncate(kPrefix + kCipherChunk + 1234);
        else if (how == "truncate to header")
            file.truncate(kPrefix);
        else if (how == "append")
            file.append(randomBytes(40));
        else if (how == "swap chunks") {
            const QByteArray first = file.mid(kPrefix, kCipherChunk);
            const QByteArray second = file.mid(kPrefix + kCipherChunk, kCipherChunk);
            file.replace(kPrefix, kCipherChunk, second);
            file.replace(kPrefix + kCipherChunk, kCipherChunk, first);
        } else if (how == "swap files")
            file = readFile(pathOf(other.id)); // a valid file of another attachment
        else if (how == "empty file")
            file.clear();
        writeFile(path, file);

        auto back = exportBytes(ref.id);
        QVERIFY(!back.ok());
        QCOMPARE(back.error().code, QStringLiteral("attachment_tampered"));
        QVERIFY(back.error().message.contains("tampered"));
        // The untouched attachment still reads.
        QVERIFY(exportBytes(other.id).ok());
    }

    void missingFile()
    {
        const AttachmentRef ref = import("x");
        QVERIFY(QFile::remove(pathOf(ref.id)));
        QCOMPARE(exportBytes(ref.id).error().code, QStringLiteral("attachment_not_found"));
        QCOMPARE(exportBytes(QUuid::createUuid()).error().code,
                 QStringLiteral("attachment_not_found"));
    }
};

QTEST_GUILESS_MAIN(TestStoreAttachments)
#include "tst_store_attachments.moc"
