// Attachments over tus 1.0.0 through the real server: OPTIONS capabilities, creation bound to
// an attachment a record declared, an upload interrupted and resumed from HEAD's offset, a
// corrupt chunk answered 460 and discarded, a wrong offset 409, a whole file whose sha256
// differs from the declaration refused, termination, other teams refused, downloads with
// Range, bad tus headers refused with clear errors, expired uploads swept, the whole file's
// sha256 kept as chunks arrive and still checked (by reading the file) after a restart.
#include <QtTest>

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtEndian>

#include <optional>

#include <zlib.h>

#include "syncclient.h"
#include "uploadfixture.h"

using namespace testsupport;

namespace {

// zlib's CRC-32 of bytes, big-endian, computed here rather than by the code under test.
QByteArray zlibCrc32(const QByteArray &bytes)
{
    QByteArray digest(4, Qt::Uninitialized);
    qToBigEndian(static_cast<quint32>(crc32_z(0, reinterpret_cast<const Bytef *>(bytes.data()),
                                              static_cast<z_size_t>(bytes.size()))),
                 digest.data());
    return digest;
}

} // namespace
using outpost::OperationKind;

class TestServerUpload : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    Device m_alice;
    Device m_zed;
    Device m_admin; // reads /metrics

    HttpClient client(const Device &device)
    {
        HttpClient c(m_server.port());
        c.setToken(device.token);
        return c;
    }

    // Declares an attachment with the given bytes in a new record; returns its id.
    QString declare(const QByteArray &bytes, const QByteArray &declaredSha = {})
    {
        HttpClient c = client(m_alice);
        return declareWith(c, bytes, declaredSha);
    }

    static QString declareWith(HttpClient &c, const QByteArray &bytes,
                               const QByteArray &declaredSha = {})
    {
        return declareAttachment(c, bytes, declaredSha);
    }

    HttpResult create(HttpClient &c, const QString &id, qint64 length)
    {
        return createUpload(c, id, length);
    }

    HttpResult patch(HttpClient &c, const QString &id, qint64 offset, const QByteArray &chunk,
                     const QByteArray &checksum = {})
    {
        return patchUpload(c, id, offset, chunk, checksum);
    }

    qint64 offsetOf(HttpClient &c, const QString &id) { return uploadOffset(c, id); }

    qint64 rehashedBytes()
    {
        HttpClient c = client(m_admin);
        return uploadBytesRehashed(c);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(
            m_server.start({{QStringLiteral("limits"),
                             QJsonObject{{QStringLiteral("max_upload_chunk_bytes"), 64 * 1024}}}}),
            qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        QVERIFY(addTeam(m_server, QStringLiteral("south")));
        QVERIFY(addUser(m_server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("zed"), QStringLiteral("south"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("bob"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(publishSurvey(m_server, QStringLiteral("north")));
        m_alice = signIn(m_server.port(), QStringLiteral("alice"));
        m_zed = signIn(m_server.port(), QStringLiteral("zed"));
        QVERIFY(addUser(m_server, QStringLiteral("root"), QStringLiteral("north"),
                        QStringLiteral("admin")));
        m_admin = signIn(m_server.port(), QStringLiteral("root"));
    }

    void optionsAnnounceCapabilities()
    {
        HttpClient c(m_server.port());
        const HttpResult r = c.request("OPTIONS", QStringLiteral("/api/v1/uploads"));
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Tus-Version"), QByteArray("1.0.0"));
        QVERIFY(r.header("Tus-Extension").contains("creation"));
        QVERIFY(r.header("Tus-Extension").contains("termination"));
        QCOMPARE(r.header("Tus-Checksum-Algorithm"), QByteArray("sha1,sha256,crc32"));
        QCOMPARE(r.header("Outpost-Max-Chunk-Size"), QByteArray::number(64 * 1024));
    }

    void interruptedThenResumedWithACorruptChunkOnTheWay()
    {
        QByteArray bytes(150 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 131) % 251);
        const QString id = declare(bytes);
        HttpClient c = client(m_alice);
        const HttpResult created = create(c, id, bytes.size());
        QCOMPARE(created.status, 201);
        QCOMPARE(created.header("Location"), "/api/v1/uploads/" + id.toLatin1());
        QVERIFY(!created.header("Upload-Expires").isEmpty());
        QCOMPARE(created.header("Upload-Offset"), QByteArray("0")); // no HEAD needed
        QCOMPARE(offsetOf(c, id), 0);

        const QByteArray first = bytes.left(60 * 1024);
        HttpResult r =
            patch(c, id, 0, first,
                  "sha1 " + QCryptographicHash::hash(first, QCryptographicHash::Sha1).toBase64());
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Upload-Offset").toLongLong(), first.size());
        // The connection "drops"; the device asks where to resume.
        QCOMPARE(offsetOf(c, id), first.size());
        // Creating again is the same upload, and its answer says where it stands.
        const HttpResult again = create(c, id, bytes.size());
        QCOMPARE(again.status, 201);
        QCOMPARE(again.header("Upload-Offset").toLongLong(), first.size());
        // A chunk corrupted on the way: 460, discarded, the offset does not move.
        QByteArray second = bytes.mid(first.size(), 60 * 1024);
        const QByteArray goodSum =
            "sha256 " + QCryptographicHash::hash(second, QCryptographicHash::Sha256).toBase64();
        QByteArray corrupt = second;
        corrupt[100] = static_cast<char>(corrupt[100] ^ 0x55);
        r = patch(c, id, first.size(), corrupt, goodSum);
        QCOMPARE(r.status, 460);
        QCOMPARE(offsetOf(c, id), first.size());
        // A wrong offset: 409.
        QCOMPARE(patch(c, id, 5, second).status, 409);
        QCOMPARE(patch(c, id, first.size(), second, "md5 abc").status, 400);
        // Resume.
        QCOMPARE(patch(c, id, first.size(), second, goodSum).status, 204);
        // The rest with a crc32 (what current devices send): a damaged one is refused the same
        // way, the intact one taken.
        const qint64 at = first.size() + second.size();
        const QByteArray rest = bytes.mid(at);
        const QByteArray crcSum = "crc32 " + zlibCrc32(rest).toBase64();
        QByteArray damaged = rest;
        damaged[rest.size() - 1] = static_cast<char>(damaged[rest.size() - 1] ^ 0x01);
        QCOMPARE(patch(c, id, at, damaged, crcSum).status, 460);
        QCOMPARE(offsetOf(c, id), at);
        QCOMPARE(patch(c, id, at, rest, crcSum).status, 204);
        QCOMPARE(offsetOf(c, id), bytes.size());

        // Download, whole and by Range.
        HttpResult whole = c.get(QStringLiteral("/api/v1/attachments/%1").arg(id));
        QCOMPARE(whole.status, 200);
        QCOMPARE(whole.body, bytes);
        r = c.request("GET", QStringLiteral("/api/v1/attachments/%1").arg(id), {},
                      {{"Range", "bytes=1000-1999"}});
        QCOMPARE(r.status, 206);
        QCOMPARE(r.body, bytes.mid(1000, 1000));
        QCOMPARE(r.header("Content-Range"),
                 QByteArray("bytes 1000-1999/") + QByteArray::number(bytes.size()));
        r = c.request("GET", QStringLiteral("/api/v1/attachments/%1").arg(id), {},
                      {{"Range", "bytes=-10"}});
        QCOMPARE(r.body, bytes.right(10));
        r = c.request("GET", QStringLiteral("/api/v1/attachments/%1").arg(id), {},
                      {{"Range", "bytes=999999-"}});
        QCOMPARE(r.status, 416);
        // A complete upload takes no more chunks.
        QCOMPARE(patch(c, id, bytes.size(), QByteArray("x")).status, 409);
    }

    void wholeFileMustMatchTheDeclaredSha256()
    {
        const QByteArray bytes(1000, 'a');
        const QString id = declare(bytes, QByteArray(64, 'f'));
        HttpClient c = client(m_alice);
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        const HttpResult r = patch(c, id, 0, bytes);
        QCOMPARE(r.status, 460);
        QCOMPARE(r.errorCode(), QStringLiteral("sha256_mismatch"));
        QCOMPARE(offsetOf(c, id), 0); // starts again
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).status, 409);
    }

    // The server keeps the file's sha256 running as chunks arrive: the last chunk is checked
    // against the declaration without reading the file again (the metric of re-read bytes
    // stays put), and a mismatch is still refused.
    void wholeFileDigestKeptAsChunksArrive()
    {
        const qint64 before = rehashedBytes();
        QVERIFY(before >= 0);
        const QByteArray bytes = patterned(3 * 64 * 1024 + 999, 7);
        const QString id = declare(bytes);
        const QByteArray other = patterned(2 * 64 * 1024 + 5, 9);
        const QString wrong = declare(other, QByteArray(64, 'e'));
        HttpClient c = client(m_alice);
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        QCOMPARE(create(c, wrong, other.size()).status, 201);
        for (qint64 at = 0; at < bytes.size(); at += 64 * 1024) {
            const QByteArray chunk = bytes.mid(at, 64 * 1024);
            QCOMPARE(patch(c, id, at, chunk, sha256Checksum(chunk)).status, 204);
        }
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).body, bytes);
        QCOMPARE(patch(c, wrong, 0, other.left(64 * 1024)).status, 204);
        const HttpResult last = patch(c, wrong, 64 * 1024, other.mid(64 * 1024, 64 * 1024));
        QCOMPARE(last.status, 204);
        const HttpResult r = patch(c, wrong, 2 * 64 * 1024, other.mid(2 * 64 * 1024));
        QCOMPARE(r.status, 460);
        QCOMPARE(r.errorCode(), QStringLiteral("sha256_mismatch"));
        QCOMPARE(offsetOf(c, wrong), 0);
        QCOMPARE(rehashedBytes(), before);
    }

    void refusals()
    {
        const QByteArray bytes(500, 'b');
        const QString id = declare(bytes);
        HttpClient c = client(m_alice);
        // undeclared attachment, wrong length, missing Tus-Resumable, wrong content type
        QCOMPARE(create(c, QUuid::createUuid().toString(QUuid::WithoutBraces), 10).status, 404);
        QCOMPARE(create(c, id, 501).status, 400);
        QCOMPARE(
            c.request("POST", QStringLiteral("/api/v1/uploads"), {}, {{"Upload-Length", "500"}})
                .status,
            412);
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        QCOMPARE(
            c.request("PATCH", QStringLiteral("/api/v1/uploads/%1").arg(id), bytes,
                      tusHeaders({{"Upload-Offset", "0"}, {"Content-Type", "application/json"}}))
                .status,
            415);
        // past the length; bigger than the chunk cap
        QCOMPARE(patch(c, id, 0, QByteArray(501, 'b')).status, 400);
        // another team's device learns nothing
        HttpClient zed = client(m_zed);
        QCOMPARE(create(zed, id, bytes.size()).status, 404);
        QCOMPARE(patch(zed, id, 0, bytes).status, 404);
        QCOMPARE(zed.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).status, 404);
        // a collector of the same team, when the form shows collectors only their own records
        const Device bobDevice = signIn(m_server.port(), QStringLiteral("bob"));
        QVERIFY(!bobDevice.token.isEmpty());
        HttpClient bob = client(bobDevice);
        const HttpResult bobCreate = create(bob, id, bytes.size());
        QVERIFY2(bobCreate.status == 404, bobCreate.body.constData());
        // no token
        HttpClient anonymous(m_server.port());
        QCOMPARE(patch(anonymous, id, 0, bytes).status, 401);
        // termination
        QCOMPARE(patch(c, id, 0, bytes.left(100)).status, 204);
        QCOMPARE(c.request("DELETE", QStringLiteral("/api/v1/uploads/%1").arg(id), {}, tusHeaders())
                     .status,
                 204);
        QCOMPARE(offsetOf(c, id), -1); // gone until created again
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        QCOMPARE(offsetOf(c, id), 0);
    }

    // Bad tus headers get a clear 4xx (tusheaders.h) and move nothing.
    void badHeadersAreRefused_data()
    {
        QTest::addColumn<QByteArray>("method"); // POST (creation) or PATCH
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("length plus") << QByteArray("POST") << QByteArray("Upload-Length")
                                     << QByteArray("+500") << 400 << "invalid_header";
        QTest::newRow("length space") << QByteArray("POST") << QByteArray("Upload-Length")
                                      << QByteArray("3 00") << 400 << "invalid_header";
        QTest::newRow("length negative") << QByteArray("POST") << QByteArray("Upload-Length")
                                         << QByteArray("-1") << 400 << "invalid_header";
        QTest::newRow("length overflow")
            << QByteArray("POST") << QByteArray("Upload-Length")
            << QByteArray("99999999999999999999") << 400 << "invalid_header";
        QTest::newRow("metadata bad base64")
            << QByteArray("POST") << QByteArray("Upload-Metadata")
            << QByteArray("attachment_id ***") << 400 << "invalid_header";
        QTest::newRow("metadata without attachment_id")
            << QByteArray("POST") << QByteArray("Upload-Metadata")
            << QByteArray("filename cC5qcGc=") << 400 << "invalid_request";
        QTest::newRow("metadata key twice")
            << QByteArray("POST") << QByteArray("Upload-Metadata")
            << QByteArray("filename cA==,filename cQ==") << 400 << "invalid_header";
        QTest::newRow("creation version") << QByteArray("POST") << QByteArray("Tus-Resumable")
                                          << QByteArray("0.2.2") << 412 << "tus_version";
        QTest::newRow("offset plus") << QByteArray("PATCH") << QByteArray("Upload-Offset")
                                     << QByteArray("+0") << 400 << "invalid_header";
        QTest::newRow("offset hex") << QByteArray("PATCH") << QByteArray("Upload-Offset")
                                    << QByteArray("0x0") << 400 << "invalid_header";
        QTest::newRow("offset empty") << QByteArray("PATCH") << QByteArray("Upload-Offset")
                                      << QByteArray() << 400 << "invalid_header";
        QTest::newRow("checksum lax base64")
            << QByteArray("PATCH") << QByteArray("Upload-Checksum")
            << QByteArray("sha1 L9ThxnotKPzthJ7hu3bnORuT6xI=!") << 400 << "invalid_header";
        QTest::newRow("checksum short digest")
            << QByteArray("PATCH") << QByteArray("Upload-Checksum") << QByteArray("sha1 YWJj")
            << 400 << "invalid_header";
        QTest::newRow("checksum algorithm")
            << QByteArray("PATCH") << QByteArray("Upload-Checksum") << QByteArray("crc32c AAAA")
            << 400 << "checksum_algorithm";
        QTest::newRow("content type")
            << QByteArray("PATCH") << QByteArray("Content-Type")
            << QByteArray("application/octet-stream") << 415 << "unsupported_media_type";
    }

    void badHeadersAreRefused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(int, status);
        QFETCH(QString, code);
        const QByteArray bytes(300, 'h');
        const QString id = declare(bytes);
        HttpClient c = client(m_alice);
        QList<QPair<QByteArray, QByteArray>> headers;
        QString path = QStringLiteral("/api/v1/uploads");
        if (method == "POST") {
            headers = {{"Tus-Resumable", "1.0.0"},
                       {"Upload-Length", "300"},
                       {"Upload-Metadata", "attachment_id " + id.toLatin1().toBase64()}};
        } else {
            QCOMPARE(create(c, id, bytes.size()).status, 201);
            path += QLatin1Char('/') + id;
            headers = {{"Tus-Resumable", "1.0.0"},
                       {"Content-Type", "application/offset+octet-stream"},
                       {"Upload-Offset", "0"}};
        }
        bool replaced = false;
        for (auto &[name, v] : headers) {
            if (name == header) {
                v = value;
                replaced = true;
            }
        }
        if (!replaced)
            headers.append({header, value});
        const HttpResult r =
            c.request(method, path, method == "PATCH" ? bytes : QByteArray(), headers);
        QCOMPARE(r.status, status);
        QCOMPARE(r.errorCode(), code);
        QVERIFY(r.json().value(QStringLiteral("message")).toString().size() > 5);
        QCOMPARE(r.header("Tus-Resumable"), QByteArray("1.0.0"));
        if (status == 412)
            QCOMPARE(r.header("Tus-Version"), QByteArray("1.0.0"));
        // nothing moved
        QCOMPARE(offsetOf(c, id), method == "PATCH" ? 0 : -1);
    }

    // Chunks of the default size (8 MiB) are checked and hashed on other threads while they
    // are written: a damaged one is still refused 460 and leaves the offset, the file still
    // completes with the right bytes, and the server's peak memory does not grow with the
    // file (a 48 MiB upload peaks no higher than its first two chunks, give or take a chunk).
    void largeChunksCheckedWhileWrittenInBoundedMemory()
    {
        TestServer server;
        auto alice = startWithAlice(server);
        QVERIFY2(alice, qPrintable(server.lastError()));
        HttpClient &c = *alice;
        constexpr qsizetype kChunk = 8 * 1024 * 1024;
        const QByteArray bytes = patterned(6 * kChunk, 11);
        const QString id = declareWith(c, bytes);
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        const QByteArray first = bytes.left(kChunk);
        QByteArray damaged = first;
        damaged[kChunk / 2] = static_cast<char>(damaged[kChunk / 2] ^ 0x01);
        HttpResult r = patch(c, id, 0, damaged, sha256Checksum(first));
        QCOMPARE(r.status, 460);
        QCOMPARE(r.errorCode(), QStringLiteral("checksum_mismatch"));
        QCOMPARE(offsetOf(c, id), 0);
        QVERIFY(resetPeakRss(server.processId())); // the peak (VmHWM) is the current RSS now
        auto peakKiB = [&server] { return peakRssKiB(server.processId()); };
        qint64 afterTwoKiB = 0;
        for (qsizetype at = 0; at < bytes.size(); at += kChunk) {
            const QByteArray chunk = bytes.mid(at, kChunk);
            r = patch(c, id, at, chunk, sha256Checksum(chunk));
            QCOMPARE(r.status, 204);
            QCOMPARE(r.header("Upload-Offset").toLongLong(), at + kChunk);
            if (at == kChunk)
                afterTwoKiB = peakKiB();
        }
        const qint64 finalKiB = peakKiB();
        QVERIFY(afterTwoKiB > 0);
        QVERIFY2(finalKiB <= afterTwoKiB + 8 * 1024,
                 qPrintable(QStringLiteral("peak %1 KiB after two chunks, %2 KiB after six")
                                .arg(afterTwoKiB)
                                .arg(finalKiB)));
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).body, bytes);
    }

    // A server restarted in the middle of uploads has no running digest of the bytes it wrote
    // before: it reads the file again at the end, so a good file still completes and a file
    // that differs from its declaration is still refused (and starts again).
    void restartMidUploadStillChecksTheWholeFile()
    {
        const QByteArray good = patterned(3 * 64 * 1024, 3);
        const QByteArray bad = patterned(2 * 64 * 1024 + 17, 5);
        const QString goodId = declare(good);
        const QString badId = declare(bad, QByteArray(64, 'd'));
        {
            HttpClient c = client(m_alice);
            QCOMPARE(create(c, goodId, good.size()).status, 201);
            QCOMPARE(create(c, badId, bad.size()).status, 201);
            QCOMPARE(patch(c, goodId, 0, good.left(64 * 1024)).status, 204);
            QCOMPARE(patch(c, goodId, 64 * 1024, good.mid(64 * 1024, 64 * 1024)).status, 204);
            QCOMPARE(patch(c, badId, 0, bad.left(64 * 1024)).status, 204);
        }
        m_server.stop();
        QVERIFY2(m_server.serve(), qPrintable(m_server.lastError()));
        QCOMPARE(rehashedBytes(), 0);
        HttpClient c = client(m_alice); // tokens survive a restart
        QCOMPARE(offsetOf(c, goodId), 2 * 64 * 1024);
        QCOMPARE(offsetOf(c, badId), 64 * 1024);
        QCOMPARE(patch(c, goodId, 2 * 64 * 1024, good.mid(2 * 64 * 1024)).status, 204);
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(goodId)).body, good);
        QCOMPARE(rehashedBytes(), good.size());
        QCOMPARE(patch(c, badId, 64 * 1024, bad.mid(64 * 1024, 64 * 1024)).status, 204);
        const HttpResult r = patch(c, badId, 2 * 64 * 1024, bad.mid(2 * 64 * 1024));
        QCOMPARE(r.status, 460);
        QCOMPARE(r.errorCode(), QStringLiteral("sha256_mismatch"));
        QCOMPARE(offsetOf(c, badId), 0);
        QCOMPARE(rehashedBytes(), good.size() + bad.size());
    }

    // An empty attachment has nothing to PATCH: it is complete once its upload is created.
    void emptyAttachmentIsCompleteOnCreation()
    {
        HttpClient c = client(m_alice);
        const QString id = declare(QByteArray());
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).status, 409);
        QCOMPARE(create(c, id, 0).status, 201);
        QCOMPARE(offsetOf(c, id), 0);
        const HttpResult file = c.get(QStringLiteral("/api/v1/attachments/%1").arg(id));
        QCOMPARE(file.status, 200);
        QVERIFY(file.body.isEmpty());
        QCOMPARE(patch(c, id, 0, QByteArray()).status, 409); // "the upload is complete"
    }

    // The server stopped after committing the last chunk's offset but before it completed
    // the file: a client that asks where the upload is (HEAD) gets it completed then, as the
    // last PATCH would have (a file that does not match its sha256 starts again at 0).
    void fullyWrittenButUncompletedUploadIsCompletedOnHead()
    {
        if (TestServer::usePostgres())
            QSKIP("the crash is staged by editing the SQLite file");
        TestServer server;
        auto alice = startWithAlice(server);
        QVERIFY2(alice, qPrintable(server.lastError()));
        HttpClient &c = *alice;
        const QByteArray good = patterned(70000, 7);
        const QByteArray damaged = patterned(50000, 9);
        const QString goodId = declareWith(c, good);
        const QString damagedId = declareWith(c, damaged);
        for (const auto &[id, bytes] : {std::pair{goodId, good}, std::pair{damagedId, damaged}}) {
            QCOMPARE(create(c, id, bytes.size()).status, 201);
            QCOMPARE(patch(c, id, 0, bytes).status, 204);
        }
        server.kill();
        // The state a crash between the last offset and the completion leaves behind.
        const QString dir = server.dataDir();
        for (const QString &id : {goodId, damagedId})
            QVERIFY(QFile::rename(dir + QStringLiteral("/attachments/") + id,
                                  dir + QStringLiteral("/uploads/%1.part").arg(id)));
        {
            QFile part(dir + QStringLiteral("/uploads/%1.part").arg(damagedId));
            QVERIFY(part.open(QIODevice::ReadWrite));
            QVERIFY(part.seek(100));
            QVERIFY(part.write("X") == 1);
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("stage-crash"));
            db.setDatabaseName(dir + QStringLiteral("/outpost.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE attachments SET complete = 0")));
            QCOMPARE(q.numRowsAffected(), 2);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("stage-crash"));
        QVERIFY2(server.serve(), qPrintable(server.lastError()));
        HttpClient after(server.port());
        after.setToken(signIn(server.port(), QStringLiteral("alice")).token);
        QCOMPARE(after.get(QStringLiteral("/api/v1/attachments/%1").arg(goodId)).status, 409);

        QCOMPARE(offsetOf(after, goodId), good.size());
        QCOMPARE(after.get(QStringLiteral("/api/v1/attachments/%1").arg(goodId)).body, good);
        QCOMPARE(offsetOf(after, damagedId), 0); // starts again
        QCOMPARE(patch(after, damagedId, 0, damaged).status, 204);
        QCOMPARE(after.get(QStringLiteral("/api/v1/attachments/%1").arg(damagedId)).body, damaged);
    }

    // An unfinished upload past its expiry is discarded by the periodic sweep, without any
    // client coming back: its .part file goes, HEAD answers 404, a POST starts again at 0. A
    // complete attachment is never touched.
    void expiredUploadsAreSwept()
    {
        TestServer server;
        auto alice = startWithAlice(
            server,
            {{QStringLiteral("limits"), QJsonObject{{QStringLiteral("upload_expiry_s"), 2},
                                                    {QStringLiteral("sweep_interval_s"), 1}}}});
        QVERIFY2(alice, qPrintable(server.lastError()));
        HttpClient &c = *alice;
        const QByteArray bytes(4000, 's');
        const QString unfinished = declareWith(c, bytes);
        const QString complete = declareWith(c, QByteArray(100, 'c'));
        QCOMPARE(create(c, complete, 100).status, 201);
        QCOMPARE(patch(c, complete, 0, QByteArray(100, 'c')).status, 204);
        QCOMPARE(create(c, unfinished, bytes.size()).status, 201);
        QCOMPARE(patch(c, unfinished, 0, bytes.left(1000)).status, 204);
        const QString part = server.dataDir() + QStringLiteral("/uploads/%1.part").arg(unfinished);
        QVERIFY(QFile::exists(part));

        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(part), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(server.serverOutput().contains("sweep: 1 expired uploads"), 5000);
        QCOMPARE(offsetOf(c, unfinished), -1); // 404: POST first
        QCOMPARE(create(c, unfinished, bytes.size()).status, 201);
        QCOMPARE(offsetOf(c, unfinished), 0);
        QVERIFY(QFile::exists(server.dataDir() + QStringLiteral("/attachments/") + complete));
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(complete)).body,
                 QByteArray(100, 'c'));
    }
};

QTEST_GUILESS_MAIN(TestServerUpload)
#include "tst_serverupload.moc"
