// The sync engine against the real outpost-server process, through a fault-injecting proxy:
// offline edits then sync, a lost push response replayed, the /healthz gate, a return of
// the network starting a cycle, the server killed and restarted
// mid-pull, two devices editing one record (merge, last-write-wins, manual), an expired
// access token refreshed, a revoked device, a remote wipe, and a hostile server.
#include <QtTest>

#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>

#include "reviewqueue.h"
#include "syncfixture.h"

using namespace outpost;
using namespace synctest;

class TestSyncEngine : public QObject
{
    Q_OBJECT

private:
    ServerBehindProxy m_net; // fresh for each test function

    quint16 port() const { return m_net.port(); }

private Q_SLOTS:
    void init() { QVERIFY(m_net.start()); }

    void cleanup() { m_net.stop(); }

    // Edits made with no network stay queued (nothing marked sent), then all reach the server
    // once it is back, and another device sees exactly them.
    void offlineEditsThenSync()
    {
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        m_net.proxy->setOffline(true);
        const QUuid r1 =
            alice.create(QStringLiteral("lww"), {{QStringLiteral("a"), QStringLiteral("one")}});
        const QUuid r2 =
            alice.create(QStringLiteral("lww"), {{QStringLiteral("a"), QStringLiteral("two")}});
        QVERIFY(alice.update(r1, {{QStringLiteral("b"), 7}}));
        QVERIFY(!alice.syncOnce());
        QCOMPARE(alice.sync().state().pendingOps, 3);
        QCOMPARE(alice.sync().state().lastErrorCode, QStringLiteral("network_error"));
        QVERIFY(!alice.sync().state().lastErrorPermanent);
        QCOMPARE(alice.store().syncStatus(r1).value(), SyncStatus::Pending);

        m_net.proxy->setOffline(false);
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.sync().state().pendingOps, 0);
        QCOMPARE(alice.store().syncStatus(r1).value(), SyncStatus::Synced);
        QVERIFY(alice.store().record(r1)->serverVersion > 0);

        TestDevice bob;
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 2);
        QCOMPARE(bob.values(r1), (QJsonObject{{QStringLiteral("a"), QStringLiteral("one")},
                                              {QStringLiteral("b"), 7}}));
        QCOMPARE(bob.values(r2).value(QStringLiteral("a")).toString(), QStringLiteral("two"));
        QCOMPARE(bob.store().forms()->size(), 2);
    }

    // Pulled records reach the search index in the engine's idle pass after the cycle (in
    // chunks of searchIndexChunk), which then says so; the list has them at once.
    void pulledRecordsBecomeSearchable()
    {
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        for (int i = 0; i < 5; ++i)
            QVERIFY(!alice
                         .create(QStringLiteral("lww"),
                                 {{QStringLiteral("a"), QStringLiteral("findme %1").arg(i)}})
                         .isNull());
        QVERIFY(alice.syncUntilIdle());

        SyncConfig config = fastConfig();
        config.searchIndexChunk = 2; // three passes
        TestDevice bob(config);
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QSignalSpy indexed(&bob.sync(), &SyncController::searchIndexed);
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 5);
        QVERIFY(!indexed.isEmpty() || indexed.wait(10000));
        RecordQuery search;
        search.searchText = QStringLiteral("findme");
        QCOMPARE(bob.store().countRecords(search).value(), 5);
        QCOMPARE(bob.store().searchBacklogCount().value(), 0);
    }

    // A create and three edits of one record made offline travel in ONE batch (the server
    // judges an op against other writers only): the first push's answer is lost, yet another
    // device already sees the last edit; the replay changes nothing and the record ends
    // synced. (With one op per record per batch the server would hold only the create.)
    void oneRecordsOpsTravelInOneBatch()
    {
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QUuid id =
            alice.create(QStringLiteral("lww"), {{QStringLiteral("a"), QStringLiteral("v0")}});
        QVERIFY(alice.update(id, {{QStringLiteral("b"), 1}}));
        QVERIFY(alice.update(id, {{QStringLiteral("a"), QStringLiteral("v2")}}));
        QVERIFY(alice.update(id, {{QStringLiteral("b"), 3}}));
        QCOMPARE(alice.store().pendingOperationCount().value(), 4);
        m_net.proxy->cutResponses("POST /api/v1/push", 3); // Qt itself resends once; see below
        QVERIFY(!alice.syncOnce());
        QCOMPARE(alice.store().pendingOperationCount().value(), 4); // nothing marked

        const QJsonObject last{{QStringLiteral("a"), QStringLiteral("v2")},
                               {QStringLiteral("b"), 3}};
        TestDevice bob;
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.values(id), last);

        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);
        QCOMPARE(alice.values(id), last);
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.values(id), last);
        QCOMPARE(bob.store().record(id)->serverVersion, alice.store().record(id)->serverVersion);
    }

    // The server commits a batch but its answer is lost: the engine resends the same ops and
    // the server answers with the original results; nothing is duplicated.
    void lostResponseIsReplayed()
    {
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        QList<QUuid> ids;
        for (int i = 0; i < 5; ++i)
            ids << alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        // Qt resends a request once by itself when a reused connection drops; cut enough
        // answers that the engine sees the failure.
        m_net.proxy->cutResponses("POST /api/v1/push", 3);
        QVERIFY(!alice.syncOnce());
        QVERIFY(m_net.proxy->responsesCut() >= 1);
        QCOMPARE(alice.sync().state().pendingOps, 5); // not marked: the answer never came
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(m_net.proxy->responsesCut(), 3);
        for (const QUuid &id : ids)
            QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);

        TestDevice bob;
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 5);
        const QByteArray metrics = m_net.server->admin({QStringLiteral("--version")}).out;
        Q_UNUSED(metrics);
    }

    // The server is stopped while a device pulls page by page, and restarted on the same data
    // directory on a new port: the engine retries with backoff and ends with every record,
    // none twice. (This test used to restart with TestServer::start(), which makes a new data
    // directory and database: that, not the server, was why "the restarted server no longer
    // knew the device's tokens". tst_serverauth::tokensSurviveSigkillRestart proves the
    // server side with SIGKILL.)
    void serverRestartedMidPull()
    {
        SyncConfig config = fastConfig();
        config.pullPageSize = 10;
        TestDevice bob(config);
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        for (int i = 0; i < 300; ++i)
            alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
        QVERIFY(alice.syncUntilIdle());
        bool killed = false;
        connect(&bob.sync(), &SyncController::stateChanged, this, [&](const SyncState &state) {
            if (!killed && state.phase == SyncPhase::Pulling && state.progressDone >= 50) {
                killed = true;
                m_net.server->stop();
            }
        });
        QSignalSpy cycles(&bob.sync(), &SyncController::cycleFinished);
        bob.sync().syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(killed, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(cycles.size() >= 1, 30000); // failed: the server is gone
        QVERIFY(!cycles.first().first().toBool());
        const int partial = bob.recordCount();
        QVERIFY2(partial >= 50 && partial < 300, qPrintable(QString::number(partial)));
        QVERIFY2(m_net.server->serve(),
                 qPrintable(m_net.server->lastError())); // same data directory
        m_net.proxy->setTarget(m_net.server->port());
        QVERIFY(bob.syncUntilIdle());
        QCOMPARE(bob.recordCount(), 300);
    }

    // Disjoint edits of one record merge; overlapping ones follow the form's policy.
    void twoDevicesEditOneRecord()
    {
        TestDevice alice;
        TestDevice bob;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        const QUuid lww =
            alice.create(QStringLiteral("lww"), {{QStringLiteral("a"), QStringLiteral("start")},
                                                 {QStringLiteral("b"), 1}});
        const QUuid manual =
            alice.create(QStringLiteral("manual"), {{QStringLiteral("a"), QStringLiteral("start")},
                                                    {QStringLiteral("b"), 1}});
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());

        // Disjoint: alice changes a, bob changes b: both stand everywhere.
        QVERIFY(alice.update(lww, {{QStringLiteral("a"), QStringLiteral("alice")}}));
        QVERIFY(bob.update(lww, {{QStringLiteral("b"), 2}}));
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QVERIFY(alice.syncUntilIdle());
        const QJsonObject merged{{QStringLiteral("a"), QStringLiteral("alice")},
                                 {QStringLiteral("b"), 2}};
        QCOMPARE(alice.values(lww), merged);
        QCOMPARE(bob.values(lww), merged);

        // Last-write-wins: the later arrival at the server wins, on both devices.
        QVERIFY(alice.update(lww, {{QStringLiteral("a"), QStringLiteral("alice-2")}}));
        QVERIFY(bob.update(lww, {{QStringLiteral("a"), QStringLiteral("bob-2")}}));
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.values(lww).value(QStringLiteral("a")).toString(), QStringLiteral("bob-2"));
        QCOMPARE(bob.values(lww).value(QStringLiteral("a")).toString(), QStringLiteral("bob-2"));
        QCOMPARE(bob.store().syncStatus(lww).value(), SyncStatus::Synced);

        // Manual: the server value (first arrival) stays, the second device sees a conflict.
        QVERIFY(alice.update(manual, {{QStringLiteral("a"), QStringLiteral("alice-m")}}));
        QVERIFY(bob.update(manual, {{QStringLiteral("a"), QStringLiteral("bob-m")}}));
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(bob.values(manual).value(QStringLiteral("a")).toString(),
                 QStringLiteral("alice-m"));
        QCOMPARE(bob.store().syncStatus(manual).value(), SyncStatus::Conflict);
        QCOMPARE(alice.values(manual).value(QStringLiteral("a")).toString(),
                 QStringLiteral("alice-m"));

        // A supervisor's device receives the open conflict.
        TestDevice sue;
        QVERIFY(sue.enroll(port(), QStringLiteral("sue")));
        QVERIFY(sue.syncUntilIdle());
        const QString open = sue.store().syncState(QStringLiteral("open_conflicts")).value();
        QVERIFY2(open.contains(manual.toString(QUuid::WithoutBraces)), qPrintable(open));
    }

    // A merged push result: the server's record at the new version also holds another
    // device's change. The pushing device must receive that change (the store applies the
    // pulled record at the version it was acknowledged with), and its next edit of the same
    // record, made before the push, must be rebased on that version, not judged as a
    // concurrent edit of its own first one (which the manual policy would turn into a
    // conflict for a supervisor).
    void mergedResultBringsOtherFields()
    {
        TestDevice alice;
        TestDevice bob;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        const QUuid id =
            alice.create(QStringLiteral("manual"), {{QStringLiteral("a"), QStringLiteral("start")},
                                                    {QStringLiteral("b"), 1}});
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());

        QVERIFY(alice.update(id, {{QStringLiteral("b"), 2}}));
        QVERIFY(alice.syncUntilIdle());
        // Bob, who has not seen b = 2, edits a twice before syncing.
        QVERIFY(bob.update(id, {{QStringLiteral("a"), QStringLiteral("bob-1")}}));
        QVERIFY(bob.update(id, {{QStringLiteral("a"), QStringLiteral("bob-2")}}));
        QCOMPARE(bob.store().pendingOperationCount().value(), 2);
        QVERIFY(bob.syncUntilIdle());

        const QJsonObject expected{{QStringLiteral("a"), QStringLiteral("bob-2")},
                                   {QStringLiteral("b"), 2}};
        QCOMPARE(bob.values(id), expected);
        QCOMPARE(bob.store().syncStatus(id).value(), SyncStatus::Synced);
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.values(id), expected);
        const auto conflicts =
            m_net.server->admin({QStringLiteral("conflicts"), QStringLiteral("list"),
                                 QStringLiteral("--status"), QStringLiteral("open")});
        QCOMPARE(conflicts.exitCode, 0);
        QVERIFY2(!conflicts.out.contains(id.toString(QUuid::WithoutBraces).toLatin1()),
                 conflicts.out.constData());
    }

    // Every cycle first asks /healthz: when that answer does not come, nothing is pushed
    // even though the server would take it, and the failure is transient (retried).
    void healthCheckGatesTheSync()
    {
        SyncConfig config = fastConfig();
        config.autoRetry = false; // no retry may slip past the check below
        TestDevice alice(config);
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 1}});
        m_net.proxy->cutResponses("GET /healthz", 3); // Qt retries a dropped request once
        QVERIFY(!alice.syncOnce());
        QVERIFY(m_net.proxy->responsesCut() >= 1);
        QCOMPARE(alice.sync().state().pendingOps, 1);
        QVERIFY(!alice.sync().state().lastErrorPermanent);
        TestDevice bob;
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 0); // nothing reached the server
        m_net.proxy->cutResponses("GET /healthz", 0);
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncOnce());
        QCOMPARE(bob.recordCount(), 1);
    }

    // The OS saying the network came back (Offline -> Online) starts a cycle by itself; an
    // Unknown -> Online (a backend's first word) does not.
    void networkReturnStartsACycle()
    {
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 1}});
        QSignalSpy cycles(&alice.sync(), &SyncController::cycleFinished);
        NetworkStatus online;
        online.reachability = NetworkStatus::Reachability::Online;
        NetworkStatus offline;
        offline.reachability = NetworkStatus::Reachability::Offline;
        alice.sync().setNetworkStatus(NetworkStatus{});
        alice.sync().setNetworkStatus(online);
        QTest::qWait(300);
        QCOMPARE(cycles.size(), 0);
        alice.sync().setNetworkStatus(offline);
        alice.sync().setNetworkStatus(online);
        QVERIFY(cycles.wait(30000));
        QVERIFY(cycles.first().first().toBool());
        QTRY_COMPARE(alice.sync().state().pendingOps, 0);
    }

    // An expired access token is refreshed (ttl 1 s) and the sync goes on.
    void expiredTokenIsRefreshed()
    {
        TestServer short_;
        QVERIFY(short_.start(
            {{QStringLiteral("auth"), QJsonObject{{QStringLiteral("access_token_ttl_s"), 1}}}}));
        QVERIFY(setUpServer(short_));
        TestDevice alice;
        QVERIFY(alice.enroll(short_.port(), QStringLiteral("alice")));
        QTest::qWait(1500);
        alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 1}});
        QVERIFY(alice.syncUntilIdle());
        QTest::qWait(1500);
        alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 2}});
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.sync().state().phase, SyncPhase::Idle);
    }

    // A revoked device stops syncing with a clear state (the server answers device_revoked,
    // which the engine maps to Revoked, not to "sign in again"); its local work stays queued.
    void revokedDeviceStops()
    {
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QString device = alice.sync().state().deviceId;
        QCOMPARE(m_net.server->admin({QStringLiteral("device"), QStringLiteral("revoke"), device})
                     .exitCode,
                 0);
        alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 1}});
        QVERIFY(!alice.syncOnce());
        QCOMPARE(alice.sync().state().phase, SyncPhase::Revoked);
        QCOMPARE(alice.sync().state().lastErrorCode, QStringLiteral("device_revoked"));
        QVERIFY(alice.sync().state().lastErrorPermanent);
        QCOMPARE(alice.sync().state().pendingOps, 1);
        QVERIFY(!alice.syncOnce()); // stays stopped, no retry storm
    }

    // A supervisor's decision whose answer is lost after the server applied it: the engine
    // sends it again with the same Idempotency-Key (the queue entry's id) and gets the first
    // answer back (not a 409); the decision is applied once and leaves the queue.
    void lostReviewAnswerIsReplayed()
    {
        TestDevice alice;
        TestDevice bob;
        TestDevice sue;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        QVERIFY(bob.enroll(port(), QStringLiteral("bob")));
        QVERIFY(sue.enroll(port(), QStringLiteral("sue")));
        const QUuid record =
            alice.create(QStringLiteral("manual"), {{QStringLiteral("a"), QStringLiteral("start")},
                                                    {QStringLiteral("b"), 1}});
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QVERIFY(alice.update(record, {{QStringLiteral("a"), QStringLiteral("alice")}}));
        QVERIFY(bob.update(record, {{QStringLiteral("a"), QStringLiteral("bob")}}));
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QVERIFY(sue.syncUntilIdle());
        const QJsonArray open = reviewqueue::openConflicts(sue.store());
        QCOMPARE(open.size(), 1);
        const qint64 conflictId = open.first().toObject().value(QStringLiteral("id")).toInteger();

        sue.sync().queueReview(reviewqueue::resolveAction(
            conflictId, {{QStringLiteral("a"), QStringLiteral("agreed")}}));
        // Qt resends once by itself on a dropped keep-alive connection: cut more than that.
        m_net.proxy->cutResponses("POST /api/v1/conflicts/", 3);
        QVERIFY(sue.syncUntilIdle());
        QVERIFY(m_net.proxy->responsesCut() >= 1);
        QCOMPARE(reviewqueue::pending(sue.store()).valueOr({}).size(), 0);
        QCOMPARE(reviewqueue::failed(sue.store()).valueOr({}).size(), 0);
        QTRY_VERIFY(m_net.server->serverOutput().contains("answered from its Idempotency-Key"));
        const QByteArray audit = m_net.server
                                     ->admin({QStringLiteral("audit"), QStringLiteral("--record"),
                                              record.toString(QUuid::WithoutBraces)})
                                     .out;
        QCOMPARE(audit.count("\"action\":\"resolve\""), 1);
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.values(record).value(QStringLiteral("a")).toString(),
                 QStringLiteral("agreed"));
    }

    // A wipe order destroys the local database, keys and attachments, then is confirmed.
    void wipeDestroysLocalData()
    {
        auto alice = std::make_unique<TestDevice>();
        QVERIFY(alice->enroll(port(), QStringLiteral("alice")));
        alice->create(QStringLiteral("lww"), {{QStringLiteral("b"), 1}});
        QVERIFY(alice->syncUntilIdle());
        const QString device = alice->sync().state().deviceId;
        const QString dir = alice->directory();
        QCOMPARE(m_net.server->admin({QStringLiteral("device"), QStringLiteral("wipe"), device})
                     .exitCode,
                 0);
        QSignalSpy wiped(&alice->sync(), &SyncController::wiped);
        alice->sync().syncNow();
        QVERIFY(wiped.wait(30000));
        QCOMPARE(alice->sync().state().phase, SyncPhase::Wiped);
        QVERIFY(!QFile::exists(dir + QStringLiteral("/outpost.db")));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/outpost.keyparams")));
        const auto list = m_net.server->admin({QStringLiteral("device"), QStringLiteral("list")});
        QVERIFY2(list.out.contains("revoked") || list.out.contains("wiped"), list.out.constData());
    }

    // A server that answers nonsense never crashes the engine and never gets ops marked.
    void hostileServerMarksNothing_data()
    {
        QTest::addColumn<QByteArray>("answer");
        auto http = [](int status, const QByteArray &body) {
            return "HTTP/1.1 " + QByteArray::number(status) +
                   " X\r\nContent-Type: application/json\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        };
        QTest::newRow("not json") << http(200, "<html>hello</html>");
        QTest::newRow("wrong shape") << http(200, R"({"results": 5})");
        QTest::newRow("version 0") << http(
            200, R"({"results":[{"op_id":"OPID","index":0,"status":"applied","version":0}]})");
        QTest::newRow("unknown op") << http(
            200,
            R"({"results":[{"op_id":"6f1c8a8e-8d59-4a43-9a3e-2f4f0a5f6e11","index":0,"status":"applied","version":3}]})");
        QTest::newRow("bad status")
            << http(200, R"({"results":[{"op_id":"OPID","index":0,"status":"sent","version":3}]})");
        QTest::newRow("500") << http(500, "oops");
        QTest::newRow("503 retry") << QByteArray(
            "HTTP/1.1 503 X\r\nRetry-After: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        QTest::newRow("truncated")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"res");
        QTest::newRow("garbage") << QByteArray("\x00\xff garbage\r\n\r\n", 14);
    }

    void hostileServerMarksNothing()
    {
        QFETCH(QByteArray, answer);
        TestDevice alice;
        QVERIFY(alice.enroll(port(), QStringLiteral("alice")));
        const QUuid id = alice.create(QStringLiteral("lww"), {{QStringLiteral("b"), 1}});
        const QString opId = alice.store().pendingOperations(1)->first().operation.opId.toString(
            QUuid::WithoutBraces);
        answer.replace("OPID", opId.toLatin1());
        QTcpServer fake;
        QVERIFY(fake.listen(QHostAddress::LocalHost, 0));
        connect(&fake, &QTcpServer::newConnection, this, [&]() {
            while (QTcpSocket *socket = fake.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, answer]() {
                    // A healthy-looking server: the hostile answers are to push and pull.
                    const bool health = socket->readAll().startsWith("GET /healthz");
                    socket->write(health ? QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                                      "Connection: close\r\n\r\n{}")
                                         : answer);
                    socket->disconnectFromHost();
                });
            }
        });
        m_net.proxy->setTarget(fake.serverPort());
        m_net.proxy->setOffline(true); // cut the keep-alive connection to the real server
        m_net.proxy->setOffline(false);
        QVERIFY(!alice.syncOnce(20000));
        QCOMPARE(alice.sync().state().pendingOps, 1);
        QCOMPARE(alice.sync().state().rejectedOps, 0);
        QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Pending);
        // Back to the real server: the same op goes through.
        m_net.proxy->setTarget(m_net.server->port());
        m_net.proxy->setOffline(true);
        m_net.proxy->setOffline(false);
        QVERIFY(alice.syncUntilIdle());
        QCOMPARE(alice.store().syncStatus(id).value(), SyncStatus::Synced);
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
