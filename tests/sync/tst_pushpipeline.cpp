// The push pipeline (docs/sync-engine.md "Push pipeline"; SyncConfig::pushPipelineDepth):
// batches in flight at once against the real outpost-server process through a fault proxy.
// A lost answer in mid-pipeline is replayed with nothing marked twice; a rejected op in one
// batch does not hold the next; one record's ops reach the server in order even when the
// proxy lets later batches overtake earlier ones; a batch never takes an op of a record
// that is in flight (Pusher on a real store). And the engine checkpoints local saves while
// idle, so that they do not wait in the WAL for the next push.
#include <QtTest>

#include <QFileInfo>

#include "pusher.h"
#include "pushrequest.h"
#include "syncfixture.h"

using namespace outpost;
using namespace synctest;

namespace {

// Small batches, so that a few records make several batches in flight.
SyncConfig smallBatches(int opsPerBatch)
{
    SyncConfig config = fastConfig();
    config.pushBatchOps = opsPerBatch;
    config.pushPipelineDepth = 2;
    return config;
}

} // namespace

class TestPushPipeline : public QObject
{
    Q_OBJECT

private:
    ServerBehindProxy m_net; // fresh for each test function

    quint16 port() const { return m_net.port(); }

    int serverRecordCount()
    {
        TestDevice bob;
        if (!bob.enroll(port(), QStringLiteral("bob")) || !bob.syncOnce())
            return -1;
        return bob.recordCount();
    }

private Q_SLOTS:
    void init() { QVERIFY(m_net.start()); }

    void cleanup() { m_net.stop(); }

    // The first cycle loses push answers while two batches are in flight: it fails, only ops
    // whose own answer came are marked, and the server already holds more than one batch (the
    // second left before the first was answered). The next cycles resend; the server replays
    // its first results (a create applied twice would be rejected `record_exists`), so every
    // record ends synced at the version the server gave it first, none rejected.
    void lostAnswerMidPipelineIsReplayed()
    {
        SyncConfig noRetry = smallBatches(5);
        noRetry.autoRetry = false; // nothing moves between the failed cycle and the checks
        TestDevice alice(noRetry);
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        QList<QUuid> ids;
        for (int i = 0; i < 30; ++i)
            ids << alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        m_net.proxy->cutResponses("POST /api/v1/push", 3);
        QVERIFY(!alice.syncOnce());
        QVERIFY(m_net.proxy->responsesCut() >= 1);
        const int marked = 30 - alice.store().pendingOperationCount().value();
        QVERIFY2(marked % 5 == 0 && marked <= 10, QByteArray::number(marked).constData());
        QVERIFY2(serverRecordCount() >= 10, "the second batch was not sent before the first's "
                                            "answer");

        alice.sync().setConfig(smallBatches(5)); // retries on
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.store().pendingOperationCount().value(), 0);
        QCOMPARE(alice.store().rejectedOperations()->size(), 0);
        TestDevice bob;
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 30);
        for (const QUuid &id : ids) {
            QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);
            QCOMPARE(alice.store().record(id)->serverVersion,
                     bob.store().record(id)->serverVersion);
        }
    }

    // A server that takes fewer ops per batch (413 too_many_ops) makes the engine halve its
    // batches until they fit, in the same cycle; one op too large for the server's body limit
    // alone (413 payload_too_large) is rejected with that reason and holds nothing up.
    void batchesTooLargeForTheServerAreHalved()
    {
        TestServer server;
        QVERIFY(server.start(
            {{QStringLiteral("limits"), QJsonObject{{QStringLiteral("max_batch_ops"), 3},
                                                    {QStringLiteral("max_body_bytes"), 65536}}},
             {QStringLiteral("auth"), QJsonObject{{QStringLiteral("access_token_ttl_s"), 3600}}}}));
        QVERIFY(setUpServer(server));
        TestDevice alice(smallBatches(10));
        QVERIFY(alice.enroll(server.port(), QStringLiteral("alice")));
        QList<QUuid> ids;
        for (int i = 0; i < 25; ++i)
            ids << alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        const QUuid huge = alice.create(QStringLiteral("lww"),
                                        {{QStringLiteral("a"), QString(100000, QLatin1Char('h'))}});
        for (int i = 25; i < 30; ++i)
            ids << alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        QVERIFY(alice.syncOnce());
        QCOMPARE(alice.store().pendingOperationCount().value(), 0);
        const auto rejected = alice.store().rejectedOperations().value();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.first().operation.entityId, huge);
        QVERIFY2(rejected.first().rejectReason.startsWith(QStringLiteral("payload_too_large")),
                 qPrintable(rejected.first().rejectReason));
        for (const QUuid &id : ids)
            QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);
        TestDevice bob;
        QVERIFY(bob.enroll(server.port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 30);
    }

    // Batch 1's first op is invalid (a text where the form wants an integer): rejected with
    // the server's reason, while the rest of batch 1 and every later batch (already in flight
    // or not) are applied in the same cycle.
    void rejectedOpDoesNotBlockTheNextBatches()
    {
        TestDevice alice(smallBatches(4));
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QUuid bad = alice.create(QStringLiteral("lww"),
                                       {{QStringLiteral("b"), QStringLiteral("not a number")}});
        QList<QUuid> good;
        for (int i = 0; i < 15; ++i)
            good << alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        QVERIFY(alice.syncOnce());
        const auto rejected = alice.store().rejectedOperations().value();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.first().operation.entityId, bad);
        QVERIFY2(rejected.first().rejectReason.startsWith(QStringLiteral("validation_failed")),
                 qPrintable(rejected.first().rejectReason));
        QCOMPARE(alice.store().syncStatus(bad).value(), SyncStatus::Rejected);
        for (const QUuid &id : good)
            QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);
        QCOMPARE(serverRecordCount(), 15);
    }

    // One record's create and nine edits span five batches of two, between other records'
    // ops; the proxy holds every request back for a random time, so later batches often reach
    // the server first. The record's ops still arrive in outbox order: none is rejected (an
    // edit before its create would be `not_found`) and the server ends with the last edit.
    void oneRecordsOpsStayInOrderAcrossBatches()
    {
        TestDevice alice(smallBatches(2));
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QUuid id =
            alice.create(QStringLiteral("lww"), {{QStringLiteral("a"), QStringLiteral("v0")}});
        QList<QUuid> others;
        for (int i = 1; i <= 9; ++i) {
            others << alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
            QVERIFY(alice.update(id, {{QStringLiteral("a"), QStringLiteral("v%1").arg(i)},
                                      {QStringLiteral("b"), i}}));
        }
        FaultRates rates;
        rates.delay = 1.0;
        rates.maxDelayMs = 150;
        m_net.proxy->setRandomFaults(rates, 7);
        QVERIFY(alice.syncUntilIdle(120000));
        m_net.proxy->stopRandomFaults();
        QCOMPARE(alice.store().rejectedOperations()->size(), 0);
        QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);
        const QJsonObject last{{QStringLiteral("a"), QStringLiteral("v9")},
                               {QStringLiteral("b"), 9}};
        QCOMPARE(alice.values(id), last);
        TestDevice bob;
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.values(id), last);
        QCOMPARE(bob.recordCount(), 10);
    }

    // Saves through the UI's connection only reach the WAL; a second after the engine hears
    // of a change (SyncController::notifyLocalChange, as the app does on recordsChanged) it
    // copies them into the database file, without any sync (not enrolled here).
    void localSavesAreCheckpointedWhileIdle()
    {
        TestDevice alice;
        const QString db = alice.directory() + QStringLiteral("/outpost.db");
        const qint64 before = QFileInfo(db).size();
        for (int i = 0; i < 20; ++i)
            alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        QCOMPARE(QFileInfo(db).size(), before); // in the WAL only (far below 1,000 pages)
        alice.sync().notifyLocalChange();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(db).size() > before, 10000);
    }

    // The rule itself, on a real store: a batch skips every op of a record in flight (the
    // later ones too), keeps outbox order for the rest, and its body decodes to exactly its
    // ops with their fields.
    void batchesSkipRecordsInFlight()
    {
        TestDevice alice;
        const QUuid r1 =
            alice.create(QStringLiteral("lww"), {{QStringLiteral("a"), QStringLiteral("x")}});
        const QUuid r2 = alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 2}});
        QVERIFY(alice.update(r1, {{QStringLiteral("b"), 5}}));
        const QUuid r3 = alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 3}});
        Pusher pusher(&alice.store());

        auto first = pusher.nextBatch(2);
        QVERIFY(first.ok());
        QCOMPARE(first->ops.size(), 2);
        QCOMPARE(first->ops.at(0).entityId, r1);
        QCOMPARE(first->ops.at(1).entityId, r2);
        const QSet<QString> busy = first->recordIds;
        QCOMPARE(busy.size(), 2);

        auto second = pusher.nextBatch(5, busy); // r1's edit waits for r1's create
        QVERIFY(second.ok());
        QCOMPARE(second->ops.size(), 1);
        QCOMPARE(second->ops.at(0).entityId, r3);

        auto all = pusher.nextBatch(5);
        QVERIFY(all.ok());
        const auto decoded =
            PushRequest::fromJson(QJsonDocument::fromJson(all->body).object()).value();
        const auto stored = alice.store().pendingOperations(-1).value();
        QCOMPARE(decoded.items.size(), stored.size());
        for (size_t i = 0; i < decoded.items.size(); ++i) {
            QVERIFY(!decoded.items[i].error);
            QCOMPARE(decoded.items[i].op, stored.at(static_cast<qsizetype>(i)).operation);
        }
        QCOMPARE(all->ops.at(2).entityId, r1); // the edit, after r2's create
    }
};

QTEST_GUILESS_MAIN(TestPushPipeline)
#include "tst_pushpipeline.moc"
