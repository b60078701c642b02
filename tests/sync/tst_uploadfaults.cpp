// The upload's PATCH path (libcurl, ApiClient's BulkSender) under faults, against the real
// outpost-server process behind the fault proxy: an access token that expires mid-upload is
// refreshed through the 401 answer of a PATCH and the upload goes on; a server that never
// answers a PATCH is timed out and the queue goes on from the server's offset; pausing mid-PATCH
// ends the connection at once and the chunk never completes; progress is reported while an
// 8 MiB chunk is on its way. The transport details (redirects, proxies, abort without a
// callback) are in tst_bulksender.
#include <QtTest>

#include "serverdigest.h"
#include "syncfixture.h"

using namespace outpost;
using namespace synctest;
using State = AttachmentTransfer::State;

namespace {

constexpr qint64 kSmallChunk = 256 * 1024;
constexpr qint64 kLargeChunk = 8 * 1024 * 1024;

SyncConfig chunkedConfig(qint64 chunkBytes)
{
    SyncConfig config = fastConfig();
    config.uploadChunkBytes = chunkBytes;
    return config;
}

} // namespace

class TestUploadFaults : public QObject
{
    Q_OBJECT

private:
    ServerBehindProxy m_net; // fresh for each test function

    QByteArray serverFile(const QUuid &id) const { return m_net.attachmentFile(id); }

    // A record of form "files" with bytes in its field f, accepted by the server, its upload
    // paused (nothing of the file sent yet, no cycle pending).
    QUuid acceptedRecordWithPausedFile(TestDevice &device, const QByteArray &bytes)
    {
        const QUuid record =
            device.create(QStringLiteral("files"), {{QStringLiteral("a"), QStringLiteral("x")}});
        const QUuid attachment = device.attach(record, QStringLiteral("f"), bytes);
        device.sync().pauseTransfer(attachment.toString());
        if (!device.waitForTransfer(attachment, State::Paused, 5000) || !device.syncUntilIdle())
            return {};
        return attachment;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_net.start());
        QVERIFY(publishFilesForm(*m_net.server));
    }

    void cleanup() { m_net.stop(); }

    // The access token expires while the chunks go up (no sync cycle runs meanwhile): a PATCH
    // gets 401 token_expired — read from the answer's body — the engine refreshes the token
    // once and sends that chunk again; the file arrives whole.
    void tokenExpiringMidUploadIsRefreshed()
    {
        TestDevice alice(chunkedConfig(kSmallChunk));
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QByteArray bytes = randomFile(6 * kSmallChunk, 21);
        const QUuid attachment = acceptedRecordWithPausedFile(alice, bytes);
        QVERIFY(!attachment.isNull());
        const int refreshesBefore = m_net.proxy->requestCount("POST /api/v1/auth/refresh");
        bool expired = false;
        QString error;
        connect(m_net.proxy.get(), &FaultProxy::requestForwarded, this,
                [&](const QByteArray &requestLine) {
                    if (expired || !requestLine.startsWith("PATCH "))
                        return;
                    expired = true; // this PATCH or the next one meets the expired token
                    if (!testsupport::execOnServerDatabase(
                            *m_net.server,
                            QStringLiteral("UPDATE tokens SET expires_at = 1 "
                                           "WHERE kind = 'access'"),
                            &error))
                        qWarning() << "cannot expire the token:" << error;
                });
        alice.sync().resumeTransfer(attachment.toString());
        QVERIFY(alice.waitForTransfer(attachment, State::Done, 30000));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(expired);
        QCOMPARE(serverFile(attachment), bytes);
        QCOMPARE(m_net.proxy->requestCount("POST /api/v1/auth/refresh"), refreshesBefore + 1);
        const QList<qint64> offsets = patchOffsets(*m_net.proxy);
        QCOMPARE(offsets.size(), 7); // six chunks, the refused one twice
        for (qint64 offset = 0; offset < bytes.size(); offset += kSmallChunk)
            QVERIFY(offsets.count(offset) == 1 || offsets.count(offset) == 2);
    }

    // The server's answer to a PATCH never comes: after the request timeout the queue asks the
    // server's offset (the chunk was stored) and goes on without sending it again.
    void silentServerIsTimedOutAndUploadGoesOn()
    {
        SyncConfig config = chunkedConfig(kSmallChunk);
        config.requestTimeoutMs = 1500;
        TestDevice alice(config);
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QByteArray bytes = randomFile(3 * kSmallChunk, 22);
        const QUuid attachment = acceptedRecordWithPausedFile(alice, bytes);
        QVERIFY(!attachment.isNull());
        m_net.proxy->holdResponseBodies("PATCH ", 0, 1); // the first answer, held forever
        QElapsedTimer clock;
        clock.start();
        alice.sync().resumeTransfer(attachment.toString());
        QVERIFY(alice.waitForTransfer(attachment, State::Done, 30000));
        QVERIFY2(clock.elapsed() >= 1400, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(m_net.proxy->transfersHeld(), 1);
        QCOMPARE(serverFile(attachment), bytes);
        QCOMPARE(patchOffsets(*m_net.proxy), (QList<qint64>{0, kSmallChunk, 2 * kSmallChunk}));
        // After the timeout only: at the start, POST's answer said the offset.
        QCOMPARE(m_net.proxy->requestCount("HEAD "), 1);
    }

    // Paused while an 8 MiB chunk is on its way: the connection ends at once, the chunk never
    // completes, nothing is acknowledged; resumed, the file arrives whole.
    void pauseMidPatchEndsTheConnection()
    {
        TestDevice alice(chunkedConfig(kLargeChunk));
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QByteArray bytes = randomFile(2 * kLargeChunk, 23);
        const QUuid attachment = acceptedRecordWithPausedFile(alice, bytes);
        QVERIFY(!attachment.isNull());
        m_net.proxy->holdRequestBodies("PATCH ", 1024 * 1024, 1);
        alice.sync().resumeTransfer(attachment.toString());
        QVERIFY(QTest::qWaitFor([&]() { return m_net.proxy->transfersHeld() == 1; }, 20000));
        const int closedBefore = m_net.proxy->clientsClosed();
        QElapsedTimer clock;
        clock.start();
        alice.sync().pauseTransfer(attachment.toString());
        QVERIFY(
            QTest::qWaitFor([&]() { return m_net.proxy->clientsClosed() > closedBefore; }, 5000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(alice.waitForTransfer(attachment, State::Paused, 5000));
        m_net.proxy->releaseHeld();
        QTest::qWait(500);
        QVERIFY(m_net.proxy->bodyBytes("PATCH") < kLargeChunk);
        QCOMPARE(m_net.proxy->requestCount("PATCH "), 1);
        QCOMPARE(alice.store().attachment(attachment)->uploadedBytes, 0);
        QCOMPARE(alice.transfer(attachment)->state, State::Paused);

        alice.sync().resumeTransfer(attachment.toString());
        QVERIFY(alice.waitForTransfer(attachment, State::Done, 30000));
        QCOMPARE(serverFile(attachment), bytes);
    }

    // While an 8 MiB chunk is on its way (the proxy holds it before the server has it), the
    // transfer already shows bytes beyond the acknowledged offset.
    void progressReportedWithinALargeChunk()
    {
        TestDevice alice(chunkedConfig(kLargeChunk));
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QByteArray bytes = randomFile(kLargeChunk + 1000, 24);
        const QUuid attachment = acceptedRecordWithPausedFile(alice, bytes);
        QVERIFY(!attachment.isNull());
        m_net.proxy->holdRequestBodies("PATCH ", 3 * 1024 * 1024, 1);
        alice.sync().resumeTransfer(attachment.toString());
        QVERIFY(QTest::qWaitFor([&]() { return m_net.proxy->transfersHeld() == 1; }, 20000));
        QVERIFY(QTest::qWaitFor(
            [&]() {
                const AttachmentTransfer *t = alice.transfer(attachment);
                return t && t->state == State::Active && t->transferredBytes > 0;
            },
            5000));
        const qint64 shown = alice.transfer(attachment)->transferredBytes;
        QVERIFY2(shown <= kLargeChunk, qPrintable(QString::number(shown)));
        QCOMPARE(alice.store().attachment(attachment)->uploadedBytes, 0); // none acknowledged
        m_net.proxy->releaseHeld();
        QVERIFY(alice.waitForTransfer(attachment, State::Done, 30000));
        QCOMPARE(serverFile(attachment), bytes);
    }

private:
    quint16 port() const { return m_net.port(); }
};

QTEST_GUILESS_MAIN(TestUploadFaults)
#include "tst_uploadfaults.moc"
