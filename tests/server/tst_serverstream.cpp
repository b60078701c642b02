// tus PATCH bodies streamed through the real server: the server reads a chunk as it arrives
// (its peak memory grows by far less than a chunk), answers a refusal from the head alone
// (before the body was sent) and closes the connection, keeps the offset when a client goes
// away or stalls mid-chunk (the next PATCH from there succeeds), puts a body sent in many
// small writes back together, keeps the running whole-file digest of the chunk's start when a
// chunk is refused (no re-read at the end), and frames a request pipelined behind a streamed
// body.
#include <QtTest>

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpSocket>

#include <optional>

#include <fcntl.h>
#include <unistd.h>

#include "syncclient.h"
#include "uploadfixture.h"

using namespace testsupport;

namespace {

constexpr qsizetype kMiB = 1024 * 1024;

struct RawReply
{
    int status = 0; // 0: no whole answer in time
    QByteArray head;
    QByteArray body;
};

// Reads one answer (head and Content-Length body) from socket, leaving what follows unread.
RawReply readReply(QTcpSocket &socket, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    auto waitFor = [&](auto ready) {
        while (!ready()) {
            if (timer.elapsed() > timeoutMs ||
                (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0))
                return false;
            socket.waitForReadyRead(50);
        }
        return true;
    };
    RawReply reply;
    qint64 length = 0;
    for (;;) {
        if (!waitFor([&] { return socket.canReadLine(); }))
            return {};
        const QByteArray line = socket.readLine();
        if (line == "\r\n")
            break;
        reply.head += line;
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (!waitFor([&] { return socket.bytesAvailable() >= length; }))
        return {};
    reply.body = socket.read(length);
    reply.status = reply.head.mid(9, 3).toInt();
    return reply;
}

QByteArray expectingContinue(const QByteArray &head)
{
    return head.chopped(2) + "Expect: 100-continue\r\n\r\n";
}

bool closesConnection(const RawReply &reply)
{
    return reply.head.toLower().contains("\nconnection: close");
}

} // namespace

class TestServerStream : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    std::optional<HttpClient> m_alice;
    QString m_token; // alice's, for requests on sockets of the test's own
    std::optional<HttpClient> m_admin;

    bool connectTo(QTcpSocket &socket)
    {
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
        return socket.waitForConnected(5000);
    }

    // A created upload of bytes; its id.
    QString started(const QByteArray &bytes)
    {
        const QString id = declareAttachment(*m_alice, bytes);
        return createUpload(*m_alice, id, bytes.size()).status == 201 ? id : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QJsonObject limits{{QStringLiteral("max_upload_chunk_bytes"), 64 * kMiB},
                                 {QStringLiteral("idle_timeout_ms"), 1500}};
        m_alice = startWithAlice(m_server, {{QStringLiteral("limits"), limits}});
        QVERIFY2(m_alice, qPrintable(m_server.lastError()));
        m_token = signIn(m_server.port(), QStringLiteral("alice")).token;
        QVERIFY(!m_token.isEmpty());
        QVERIFY(addUser(m_server, QStringLiteral("root"), QStringLiteral("north"),
                        QStringLiteral("admin")));
        m_admin.emplace(m_server.port());
        m_admin->setToken(signIn(m_server.port(), QStringLiteral("root")).token);
    }

    // A 64 MiB chunk passes through a few MiB of the server's memory: it is written as it
    // arrives, not buffered whole first.
    void peakMemoryGrowsByFarLessThanAChunk()
    {
        const QByteArray bytes = patterned(64 * kMiB, 7);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        const qint64 pid = m_server.processId();
        QVERIFY(resetPeakRss(pid));
        const qint64 beforeKiB = peakRssKiB(pid);
        QVERIFY(beforeKiB > 0);
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write(patchHead(m_token, id, 0, bytes.size(), sha256Checksum(bytes)));
        for (qsizetype at = 0; at < bytes.size(); at += kMiB) {
            socket.write(bytes.constData() + at, kMiB);
            while (socket.bytesToWrite() > 4 * kMiB)
                QVERIFY(socket.waitForBytesWritten(10000));
        }
        const RawReply reply = readReply(socket, 60000);
        QCOMPARE(reply.status, 204);
        const qint64 growthKiB = peakRssKiB(pid) - beforeKiB;
        QVERIFY2(
            growthKiB < 16 * 1024,
            qPrintable(QStringLiteral("peak grew by %1 KiB for a 65536 KiB chunk").arg(growthKiB)));
        const HttpResult file = m_alice->get(QStringLiteral("/api/v1/attachments/%1").arg(id));
        QCOMPARE(file.status, 200);
        QVERIFY(file.body == bytes);
    }

    // A refusal that the head decides (wrong offset, no token) is answered before the client
    // sent a byte of the body, with "Connection: close", and the server closes the connection
    // (what follows on it is an unread body, never a request). A client that asked for
    // "100 Continue" gets the refusal instead.
    void refusalFromTheHeadComesBeforeTheBody_data()
    {
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<bool>("expect");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("wrong offset") << true << qint64(5) << false << 409 << "offset_mismatch";
        QTest::newRow("wrong offset, expecting 100-continue")
            << true << qint64(5) << true << 409 << "offset_mismatch";
        QTest::newRow("no token") << false << qint64(0) << false << 401 << "unauthenticated";
    }

    void refusalFromTheHeadComesBeforeTheBody()
    {
        QFETCH(bool, withToken);
        QFETCH(qint64, offset);
        QFETCH(bool, expect);
        QFETCH(int, status);
        QFETCH(QString, code);
        const QByteArray bytes = patterned(kMiB, 3);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        const QByteArray head = patchHead(withToken ? m_token : QString(), id, offset, 32 * kMiB);
        socket.write(expect ? expectingContinue(head) : head);
        QVERIFY(socket.waitForBytesWritten(5000));
        const RawReply reply = readReply(socket, 5000);
        QCOMPARE(reply.status, status);
        QVERIFY(reply.body.contains(code.toLatin1()));
        QVERIFY2(closesConnection(reply), reply.head.constData());
        QVERIFY(socket.state() == QAbstractSocket::UnconnectedState ||
                socket.waitForDisconnected(5000));
        QCOMPARE(uploadOffset(*m_alice, id), 0);
    }

    // A chunk the server takes is invited with "100 Continue" once the handler reads it.
    void continueInvitesAnAcceptedChunk()
    {
        const QByteArray bytes = patterned(kMiB, 6);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write(expectingContinue(patchHead(m_token, id, 0, bytes.size())));
        QCOMPARE(readReply(socket, 5000).status, 100);
        socket.write(bytes);
        QCOMPARE(readReply(socket, 10000).status, 204);
        QCOMPARE(uploadOffset(*m_alice, id), bytes.size());
    }

    // A client that keeps sending the refused body still reads the whole answer: the server
    // shuts its side and drops what comes instead of resetting the connection under it.
    void refusalSurvivesABodyStillComing()
    {
        const QByteArray bytes = patterned(kMiB, 4);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write(patchHead(m_token, id, 7, 32 * kMiB));
        const QByteArray slice(256 * 1024, 'x');
        RawReply reply;
        QByteArray received;
        for (int i = 0; i < 128 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(slice);
            socket.waitForBytesWritten(20);
            received += socket.readAll();
            if (received.contains("offset_mismatch"))
                break;
        }
        QVERIFY2(received.startsWith("HTTP/1.1 409 "), received.left(200).constData());
        QVERIFY(received.contains("offset_mismatch"));
        QCOMPARE(uploadOffset(*m_alice, id), 0);
    }

    // A client that sends half a chunk and goes away commits nothing: the offset stays, the
    // next PATCH from there succeeds, and the whole file's digest (kept since the previous
    // chunk) is right without reading the file again.
    void clientGoneMidChunkLeavesTheOffset()
    {
        const QByteArray bytes = patterned(3 * kMiB, 9);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        const qint64 rehashedBefore = uploadBytesRehashed(*m_admin);
        QCOMPARE(patchUpload(*m_alice, id, 0, bytes.left(kMiB)).status, 204);
        const QByteArray second = bytes.mid(kMiB);
        {
            QTcpSocket socket;
            QVERIFY(connectTo(socket));
            socket.write(patchHead(m_token, id, kMiB, second.size(), sha256Checksum(second)));
            socket.write(second.left(second.size() / 2));
            QVERIFY(socket.waitForBytesWritten(5000));
            QTest::qWait(200); // the server has started writing the chunk
            socket.abort();
        }
        QCOMPARE(uploadOffset(*m_alice, id), kMiB);
        const HttpResult r = patchUpload(*m_alice, id, kMiB, second, sha256Checksum(second));
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Upload-Offset").toLongLong(), bytes.size());
        const HttpResult file = m_alice->get(QStringLiteral("/api/v1/attachments/%1").arg(id));
        QCOMPARE(file.status, 200);
        QCOMPARE(QCryptographicHash::hash(file.body, QCryptographicHash::Sha256),
                 QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
        QCOMPARE(uploadBytesRehashed(*m_admin), rehashedBefore);
    }

    // A client that stops mid-chunk gets 408 once nothing came for the idle timeout, the
    // connection closes, the offset stays.
    void clientStalledMidChunkTimesOut()
    {
        const QByteArray bytes = patterned(2 * kMiB, 12);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write(patchHead(m_token, id, 0, bytes.size()));
        socket.write(bytes.left(kMiB / 2));
        QVERIFY(socket.waitForBytesWritten(5000));
        QElapsedTimer timer;
        timer.start();
        const RawReply reply = readReply(socket, 10000);
        QCOMPARE(reply.status, 408);
        QVERIFY(reply.body.contains("request_timeout"));
        QVERIFY(timer.elapsed() < 8000);
        QVERIFY(closesConnection(reply));
        QCOMPARE(uploadOffset(*m_alice, id), 0);
        QCOMPARE(patchUpload(*m_alice, id, 0, bytes).status, 204);
        QVERIFY(m_alice->get(QStringLiteral("/api/v1/attachments/%1").arg(id)).body == bytes);
    }

    // A body in many small writes with pauses between them arrives whole and in order.
    void bodyInManySmallWritesWithPausesArrivesWhole()
    {
        const QByteArray bytes = patterned(512 * 1024 + 333, 21);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket.write(patchHead(m_token, id, 0, bytes.size(), sha256Checksum(bytes)));
        QRandomGenerator random(77);
        int writes = 0;
        for (qsizetype at = 0; at < bytes.size(); ++writes) {
            const qsizetype n = std::min<qsizetype>(1 + random.bounded(8192), bytes.size() - at);
            socket.write(bytes.constData() + at, n);
            QVERIFY(socket.waitForBytesWritten(5000));
            at += n;
            if (writes % 8 == 0)
                QTest::qWait(20);
        }
        QVERIFY(writes > 100);
        const RawReply reply = readReply(socket, 10000);
        QCOMPARE(reply.status, 204);
        QVERIFY(!closesConnection(reply));
        QVERIFY(m_alice->get(QStringLiteral("/api/v1/attachments/%1").arg(id)).body == bytes);
    }

    // A damaged chunk (460) is discarded and leaves the running digest as it was at the
    // chunk's start: the good chunk then completes the file, checked without a re-read.
    void corruptChunkDoesNotPoisonTheWholeFileDigest()
    {
        const QByteArray bytes = patterned(3 * kMiB, 5);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        const qint64 rehashedBefore = uploadBytesRehashed(*m_admin);
        QCOMPARE(patchUpload(*m_alice, id, 0, bytes.left(kMiB)).status, 204);
        const QByteArray second = bytes.mid(kMiB, kMiB);
        QByteArray damaged = second;
        damaged[1000] = static_cast<char>(damaged[1000] ^ 0x40);
        HttpResult r = patchUpload(*m_alice, id, kMiB, damaged, sha256Checksum(second));
        QCOMPARE(r.status, 460);
        QCOMPARE(r.errorCode(), QStringLiteral("checksum_mismatch"));
        QCOMPARE(uploadOffset(*m_alice, id), kMiB);
        QCOMPARE(patchUpload(*m_alice, id, kMiB, second, sha256Checksum(second)).status, 204);
        r = patchUpload(*m_alice, id, 2 * kMiB, bytes.mid(2 * kMiB));
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Upload-Offset").toLongLong(), bytes.size());
        QVERIFY(m_alice->get(QStringLiteral("/api/v1/attachments/%1").arg(id)).body == bytes);
        QCOMPARE(uploadBytesRehashed(*m_admin), rehashedBefore);
    }

    // A chunk's 4 KiB-aligned pieces go to disk past the page cache (O_DIRECT) where the data
    // directory's file system takes it (ext4 here; tmpfs does not, and the server then writes
    // through the page cache: both are checked, whichever this machine has), the unaligned
    // tail through the page cache; the file is whole either way. With upload_direct_io off,
    // nothing goes past the page cache.
    void alignedPiecesAreWrittenPastThePageCache()
    {
        const QString probePath = m_server.dataDir() + QStringLiteral("/direct-probe");
        QFile(probePath).open(QIODevice::WriteOnly);
        const int probe = ::open(QFile::encodeName(probePath).constData(), O_WRONLY | O_DIRECT);
        const bool directWorks = probe >= 0;
        if (probe >= 0)
            ::close(probe);
        QFile::remove(probePath);
        qInfo("O_DIRECT in the data directory: %s", directWorks ? "yes" : "no");

        const QByteArray bytes = patterned(2 * kMiB + 1000, 9);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        const QByteArray counter = "outpost_upload_bytes_direct_total";
        const qint64 before = metricsCounter(*m_admin, counter);
        QVERIFY(before >= 0);
        QCOMPARE(patchUpload(*m_alice, id, 0, bytes.left(2 * kMiB + 500)).status, 204);
        QCOMPARE(patchUpload(*m_alice, id, 2 * kMiB + 500, bytes.mid(2 * kMiB + 500)).status, 204);
        // The first chunk's two whole MiB; its 500-byte tail and the second chunk (at an
        // unaligned offset) through the page cache.
        QCOMPARE(metricsCounter(*m_admin, counter) - before, directWorks ? 2 * kMiB : 0);
        QVERIFY(m_alice->get(QStringLiteral("/api/v1/attachments/%1").arg(id)).body == bytes);

        TestServer buffered;
        const QJsonObject limits{{QStringLiteral("upload_direct_io"), false}};
        std::optional<HttpClient> alice =
            startWithAlice(buffered, {{QStringLiteral("limits"), limits}});
        QVERIFY2(alice, qPrintable(buffered.lastError()));
        QVERIFY(addUser(buffered, QStringLiteral("root"), QStringLiteral("north"),
                        QStringLiteral("admin")));
        HttpClient admin(buffered.port());
        admin.setToken(signIn(buffered.port(), QStringLiteral("root")).token);
        const QString other = declareAttachment(*alice, bytes);
        QCOMPARE(createUpload(*alice, other, bytes.size()).status, 201);
        QCOMPARE(patchUpload(*alice, other, 0, bytes).status, 204);
        QCOMPARE(metricsCounter(admin, counter), 0);
        QVERIFY(alice->get(QStringLiteral("/api/v1/attachments/%1").arg(other)).body == bytes);
    }

    // A write that fails mid-chunk (here past the process's file-size limit, the way a full
    // disk fails one; the pieces are written on a thread of their own while the next ones are
    // read) is answered 503 storage_error: nothing is acknowledged, the server keeps serving,
    // and the next PATCH from the same offset is taken.
    void failedWriteMidChunkIsAStorageError()
    {
        TestServer limited;
        limited.setFileSizeLimit(12 * kMiB);
        std::optional<HttpClient> alice = startWithAlice(limited);
        QVERIFY2(alice, qPrintable(limited.lastError()));
        const QByteArray bytes = patterned(16 * kMiB, 5);
        const QString id = declareAttachment(*alice, bytes);
        QCOMPARE(createUpload(*alice, id, bytes.size()).status, 201);
        const QByteArray first = bytes.left(8 * kMiB);
        QCOMPARE(patchUpload(*alice, id, 0, first, sha256Checksum(first)).status, 204);

        const QByteArray second = bytes.mid(8 * kMiB); // crosses the limit at 12 MiB
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), limited.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(patchHead(signIn(limited.port(), QStringLiteral("alice")).token, id,
                               8 * kMiB, second.size(), sha256Checksum(second)));
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        for (qsizetype sent = 0; !received.contains("\r\n\r\n{") && timer.elapsed() < 20000;) {
            if (sent < second.size() && socket.state() == QAbstractSocket::ConnectedState) {
                socket.write(second.mid(sent, 256 * 1024));
                sent += 256 * 1024;
            }
            socket.waitForBytesWritten(20);
            socket.waitForReadyRead(20);
            received += socket.readAll();
        }
        QVERIFY2(received.startsWith("HTTP/1.1 503 "), received.left(300).constData());
        QVERIFY(received.contains("storage_error"));
        QCOMPARE(uploadOffset(*alice, id), 8 * kMiB);

        const QByteArray retry = bytes.mid(8 * kMiB, 2 * kMiB);
        const HttpResult r = patchUpload(*alice, id, 8 * kMiB, retry, sha256Checksum(retry));
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Upload-Offset").toLongLong(), 10 * kMiB);
        QVERIFY(limited.serverOutput().contains("cannot write upload"));
    }

    // A request right behind a streamed body on the same connection is framed and answered.
    void requestBehindAStreamedBodyIsAnswered()
    {
        const QByteArray bytes = patterned(300 * 1024, 8);
        const QString id = started(bytes);
        QVERIFY(!id.isEmpty());
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write(patchHead(m_token, id, 0, bytes.size()) + bytes +
                     "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const RawReply first = readReply(socket, 10000);
        QCOMPARE(first.status, 204);
        QCOMPARE(readReply(socket, 10000).status, 200);
        QCOMPARE(uploadOffset(*m_alice, id), bytes.size());
    }

    // Chunks that arrive slowly hold upload threads, never the workers: with one worker and
    // one upload thread, a stalled PATCH leaves a pull answered at once; a second PATCH while
    // the first holds the upload thread waits in its own queue. Stopping the server does not
    // wait for the stalled client.
    void stalledUploadsLeaveTheWorkersFree()
    {
        TestServer server;
        const QJsonObject limits{{QStringLiteral("max_concurrent_requests"), 1},
                                 {QStringLiteral("max_queued_requests"), 1},
                                 {QStringLiteral("idle_timeout_ms"), 20000}};
        auto alice = startWithAlice(server, {{QStringLiteral("limits"), limits}});
        QVERIFY2(alice, qPrintable(server.lastError()));
        const QString token = signIn(server.port(), QStringLiteral("alice")).token;
        const QByteArray bytes = patterned(2 * kMiB, 13);
        const QString id = declareAttachment(*alice, bytes);
        QCOMPARE(createUpload(*alice, id, bytes.size()).status, 201);
        QTcpSocket stalled;
        stalled.connectToHost(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(stalled.waitForConnected(5000));
        stalled.write(patchHead(token, id, 0, bytes.size()) + bytes.left(1000));
        QVERIFY(stalled.waitForBytesWritten(5000));
        QTest::qWait(300); // its handler waits for the rest
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(alice->get(QStringLiteral("/api/v1/pull")).status, 200);
        QCOMPARE(alice->get(QStringLiteral("/api/v1/me")).status, 200);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        timer.restart();
        server.stop();
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }

    // Over TLS the body streams the same way (QSslSocket's read buffer is bounded too): a
    // chunk larger than the pipe and the socket buffers together arrives whole, and the upload
    // completes (its sha256 checked).
    void streamedChunkOverTls()
    {
        TestServer server;
        auto alice = startWithAlice(server);
        QVERIFY2(alice, qPrintable(server.lastError()));
        const QByteArray bytes = patterned(7 * kMiB + 5, 31); // one chunk of the default limit
        const QString id = declareAttachment(*alice, bytes);
        QCOMPARE(createUpload(*alice, id, bytes.size()).status, 201);
        const QString token = signIn(server.port(), QStringLiteral("alice")).token;
        server.stop();
        if (!server.makeTestCertificate())
            QSKIP("no openssl command to make a test certificate");
        QFile config(server.dataDir() + QStringLiteral("/outpost-server.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        config.close();
        json.insert(QStringLiteral("tls"),
                    QJsonObject{{QStringLiteral("certificate"), QStringLiteral("cert.pem")},
                                {QStringLiteral("key"), QStringLiteral("key.pem")}});
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(QJsonDocument(json).toJson());
        config.close();
        QVERIFY2(server.serve(), qPrintable(server.lastError()));
        QSslSocket socket;
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(socket.waitForEncrypted(10000));
        socket.write(patchHead(token, id, 0, bytes.size(), sha256Checksum(bytes)));
        for (qsizetype at = 0; at < bytes.size(); at += kMiB) {
            socket.write(bytes.constData() + at, std::min(kMiB, bytes.size() - at));
            while (socket.bytesToWrite() > 2 * kMiB || socket.encryptedBytesToWrite() > 2 * kMiB)
                QVERIFY2(socket.waitForBytesWritten(10000), qPrintable(socket.errorString()));
        }
        const RawReply reply = readReply(socket, 30000);
        QCOMPARE(reply.status, 204);
        QVERIFY2(reply.head.contains("Upload-Offset: " + QByteArray::number(bytes.size())),
                 reply.head.constData());
        server.stop();
    }

    void cleanupTestCase()
    {
        if (m_alice)
            QCOMPARE(m_alice->get(QStringLiteral("/healthz")).status, 200);
        m_server.stop();
    }
};

QTEST_GUILESS_MAIN(TestServerStream)
#include "tst_serverstream.moc"
