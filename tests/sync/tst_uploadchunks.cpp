// UploadChunks on a real encrypted store: chunks come out as the plaintext with their sha256,
// the chunk after the one being sent is prepared ahead (a prefetched chunk is handed out
// without reading the file again — proven by moving the file away), a resend reuses the
// current chunk, and an unreadable file is an error, not a short chunk.
#include <QBuffer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "localstore.h"
#include "crc32.h"
#include "sha256.h"
#include "uploadchunks.h"

using namespace outpost;

class TestUploadChunks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prefetchedChunkNeedsNoRead()
    {
        QTemporaryDir dir;
        auto store =
            LocalStore::create(StoreLocation::inDirectory(dir.path() + QStringLiteral("/device")),
                               QStringLiteral("chunks passphrase"), StoreOptions::fastForTests());
        QVERIFY(store);
        QByteArray bytes(3 * 300 * 1024 + 123, Qt::Uninitialized);
        QRandomGenerator generator(7);
        for (char &c : bytes)
            c = static_cast<char>(generator.bounded(256));
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        auto ref = (*store)->importAttachment(source, QStringLiteral("a.bin"),
                                              QStringLiteral("application/octet-stream"));
        QVERIFY(ref);
        constexpr qint64 kChunk = 300 * 1024;

        // With crc32 (what a current server offers) the header carries the CRC, big-endian.
        {
            UploadChunks crc(store->get(), ref->id, UploadChunks::Checksum::Crc32);
            auto chunk = crc.take(kChunk, kChunk);
            QVERIFY(chunk);
            QCOMPARE(chunk->bytes, bytes.mid(kChunk, kChunk));
            QCOMPARE(chunk->checksum, Crc32::hash(bytes.mid(kChunk, kChunk)));
            QCOMPARE(chunk->checksumHeader, "crc32 " + chunk->checksum.toBase64());
        }

        UploadChunks chunks(store->get(), ref->id, UploadChunks::Checksum::Sha256);
        auto first = chunks.take(0, kChunk);
        QVERIFY(first);
        QCOMPARE(first->offset, 0);
        QCOMPARE(first->bytes, bytes.left(kChunk));
        QCOMPARE(first->checksum, Sha256::hash(bytes.left(kChunk)));
        QCOMPARE(first->checksumHeader, "sha256 " + first->checksum.toBase64());
        chunks.prefetch(kChunk, kChunk);

        // The file goes away: what was prepared is still handed out, nothing else is.
        const QString path =
            (*store)->location().attachmentPath(ref->id.toString(QUuid::WithoutBraces));
        QVERIFY(QFile::exists(path));
        QVERIFY(QFile::rename(path, path + QStringLiteral(".away")));
        auto second = chunks.take(kChunk, kChunk);
        QVERIFY(second);
        QCOMPARE(second->bytes, bytes.mid(kChunk, kChunk));
        QCOMPARE(second->checksum, Sha256::hash(bytes.mid(kChunk, kChunk)));
        auto again = chunks.take(kChunk, kChunk); // a resend (460)
        QVERIFY(again);
        QCOMPARE(again->bytes, second->bytes);
        // The cursor still has the file open: a forward read works, a read behind it reopens
        // the missing file and fails clearly.
        auto third = chunks.take(2 * kChunk, kChunk);
        QVERIFY(third);
        QCOMPARE(third->bytes, bytes.mid(2 * kChunk, kChunk));
        QVERIFY(!chunks.take(0, kChunk));
        QVERIFY(QFile::rename(path + QStringLiteral(".away"), path));
        chunks.reset();
        auto last = chunks.take(3 * kChunk, bytes.size() - 3 * kChunk);
        QVERIFY(last);
        QCOMPARE(last->bytes, bytes.mid(3 * kChunk));
        // A chunk longer than what is left of the file is an error.
        chunks.reset();
        QVERIFY(!chunks.take(3 * kChunk, kChunk));
    }
};

QTEST_GUILESS_MAIN(TestUploadChunks)
#include "tst_uploadchunks.moc"
