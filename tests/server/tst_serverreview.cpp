// Supervisors' decisions through the real server. POST .../conflicts/{id}/resolve and
// POST .../records/{id}/review are idempotent with an Idempotency-Key: a replay gets the first
// answer (Idempotent-Replayed: true) and changes nothing, the same key with another request is
// 422, keys are per device, and without a key the old 409 invalid_state stays. The conflict
// list comes in pages (limit, after, order; has_more and next_after), bad values 400.
#include <QtTest>

#include "syncclient.h"

using namespace testsupport;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers keyed(const QByteArray &key)
{
    return {{"Idempotency-Key", key}};
}

QByteArray freshKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1();
}

} // namespace

class TestServerReview : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    Device m_alice; // collector
    Device m_bob;   // collector
    Device m_sue;   // supervisor

    HttpClient client(const Device &device)
    {
        HttpClient c(m_server.port());
        c.setToken(device.token);
        return c;
    }

    // How many audit entries of this action the record has (admin command line).
    int auditCount(const QUuid &record, const QByteArray &action)
    {
        const auto cli = m_server.admin({QStringLiteral("audit"), QStringLiteral("--record"),
                                         record.toString(QUuid::WithoutBraces)});
        return int(cli.out.count("\"action\":\"" + action + "\""));
    }

    QList<qint64> conflictIds(HttpClient &c, const QString &query, bool *hasMore = nullptr,
                              qint64 *nextAfter = nullptr)
    {
        const HttpResult r = c.get(QStringLiteral("/api/v1/conflicts?") + query);
        if (r.status != 200) {
            qWarning("conflicts?%s: %d %s", qPrintable(query), r.status, r.body.constData());
            return {};
        }
        QList<qint64> ids;
        for (const auto &value : r.json().value(QStringLiteral("conflicts")).toArray())
            ids.append(
                static_cast<qint64>(value.toObject().value(QStringLiteral("id")).toDouble()));
        if (hasMore)
            *hasMore = r.json().value(QStringLiteral("has_more")).toBool();
        if (nextAfter)
            *nextAfter =
                static_cast<qint64>(r.json().value(QStringLiteral("next_after")).toDouble());
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        for (const auto &[user, role] :
             {std::pair{"alice", "collector"}, std::pair{"bob", "collector"},
              std::pair{"sue", "supervisor"}})
            QVERIFY(addUser(m_server, QString::fromLatin1(user), QStringLiteral("north"),
                            QString::fromLatin1(role)));
        QVERIFY(publishForm(m_server, QStringLiteral("inspection"), QStringLiteral("manual"),
                            QStringLiteral("north"), QStringLiteral("team")));
        m_alice = signIn(m_server.port(), QStringLiteral("alice"));
        m_bob = signIn(m_server.port(), QStringLiteral("bob"));
        m_sue = signIn(m_server.port(), QStringLiteral("sue"));
    }

    void resolveIsIdempotent()
    {
        HttpClient alice = client(m_alice);
        HttpClient bob = client(m_bob);
        HttpClient sue = client(m_sue);
        QUuid record;
        const qint64 conflictId =
            openManualConflict(alice, bob, QStringLiteral("inspection"), &record);
        QVERIFY(conflictId > 0);
        const QString path = QStringLiteral("/api/v1/conflicts/%1/resolve").arg(conflictId);
        const QJsonObject body{{QStringLiteral("values"),
                                QJsonObject{{QStringLiteral("a"), QStringLiteral("agreed")}}}};
        const QByteArray key = freshKey();

        const HttpResult first = sue.post(path, body, keyed(key));
        QCOMPARE(first.status, 200);
        QVERIFY(first.header("Idempotent-Replayed").isEmpty());
        QCOMPARE(first.json()
                     .value(QStringLiteral("conflict"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("resolved"));
        // the answer was lost: the same request again gets the same answer, nothing changes
        const HttpResult replay = sue.post(path, body, keyed(key));
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(replay.json(), first.json());
        QCOMPARE(auditCount(record, "resolve"), 1);

        // the same key with another request
        const HttpResult reused = sue.post(
            path,
            {{QStringLiteral("values"), QJsonObject{{QStringLiteral("a"), QStringLiteral("no")}}}},
            keyed(key));
        QCOMPARE(reused.status, 422);
        QCOMPARE(reused.errorCode(), QStringLiteral("idempotency_key_reused"));
        // another key, no key, or the key from another device: the conflict is not open (409)
        QCOMPARE(sue.post(path, body, keyed(freshKey())).errorCode(),
                 QStringLiteral("invalid_state"));
        const HttpResult unkeyed = sue.post(path, body);
        QCOMPARE(unkeyed.status, 409);
        QCOMPARE(unkeyed.errorCode(), QStringLiteral("invalid_state"));
        HttpClient sueTablet = client(signIn(m_server.port(), QStringLiteral("sue")));
        QCOMPARE(sueTablet.post(path, body, keyed(key)).status, 409);
        QCOMPARE(auditCount(record, "resolve"), 1);
        // the record carries the one resolution
        const QJsonObject record1 = first.json().value(QStringLiteral("record")).toObject();
        QCOMPARE(record1.value(QStringLiteral("version")), replay.json()
                                                               .value(QStringLiteral("record"))
                                                               .toObject()
                                                               .value(QStringLiteral("version")));
    }

    void badKeysAreRefused_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("code");
        QTest::newRow("201 bytes") << QByteArray(201, 'k') << "invalid_request";
        QTest::newRow("space") << QByteArray("two words") << "invalid_request";
        // refused by the request framing already, before any route
        QTest::newRow("control") << QByteArray("a\x01z") << "bad_header";
        QTest::newRow("non-ascii") << QByteArray("cl\xc3\xa9") << "invalid_request";
    }

    void badKeysAreRefused()
    {
        QFETCH(QByteArray, key);
        QFETCH(QString, code);
        HttpClient alice = client(m_alice);
        HttpClient bob = client(m_bob);
        HttpClient sue = client(m_sue);
        const qint64 conflictId = openManualConflict(alice, bob, QStringLiteral("inspection"));
        QVERIFY(conflictId > 0);
        const QString path = QStringLiteral("/api/v1/conflicts/%1/resolve").arg(conflictId);
        const QJsonObject body{
            {QStringLiteral("values"), QJsonObject{{QStringLiteral("a"), QStringLiteral("k")}}}};
        const HttpResult refused = sue.post(path, body, keyed(key));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.errorCode(), code);
        // nothing changed: the conflict is still open and can be resolved
        QCOMPARE(sue.post(path, body, keyed(freshKey())).status, 200);
    }

    void reviewIsIdempotent()
    {
        HttpClient alice = client(m_alice);
        HttpClient sue = client(m_sue);
        const QUuid record = createFinalized(alice, QStringLiteral("inspection"));
        QVERIFY(!record.isNull());
        const QString path =
            QStringLiteral("/api/v1/records/%1/review").arg(record.toString(QUuid::WithoutBraces));
        const QJsonObject body{{QStringLiteral("decision"), QStringLiteral("accept")},
                               {QStringLiteral("comment"), QStringLiteral("fine")}};
        const QByteArray key = freshKey();
        const HttpResult first = sue.post(path, body, keyed(key));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json().value(QStringLiteral("state")).toString(),
                 QStringLiteral("accepted"));
        const HttpResult replay = sue.post(path, body, keyed(key));
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(replay.json(), first.json());
        QCOMPARE(auditCount(record, "review"), 1);
        // the same key for a reject of the same record is another request
        QCOMPARE(sue.post(path,
                          {{QStringLiteral("decision"), QStringLiteral("reject")},
                           {QStringLiteral("comment"), QStringLiteral("fine")}},
                          keyed(key))
                     .status,
                 422);
        // without a key, the old answer: not finalized any more
        const HttpResult unkeyed = sue.post(path, body);
        QCOMPARE(unkeyed.status, 409);
        QCOMPARE(unkeyed.errorCode(), QStringLiteral("invalid_state"));
        // a collector's key buys nothing
        QCOMPARE(alice.post(path, body, keyed(key)).status, 403);
        QCOMPARE(auditCount(record, "review"), 1);
    }

    void conflictListPages()
    {
        HttpClient alice = client(m_alice);
        HttpClient bob = client(m_bob);
        HttpClient sue = client(m_sue);
        for (int i = 0; i < 5; ++i)
            QVERIFY(openManualConflict(alice, bob, QStringLiteral("inspection")) > 0);
        bool hasMore = true;
        const QList<qint64> all =
            conflictIds(sue, QStringLiteral("status=open&limit=1000"), &hasMore);
        QVERIFY(all.size() >= 5);
        QVERIFY(!hasMore);
        QVERIFY(std::is_sorted(all.begin(), all.end()));

        // forwards, two at a time
        QList<qint64> walked;
        qint64 after = 0;
        for (int pages = 0; pages < 100; ++pages) {
            qint64 next = 0;
            const QList<qint64> page = conflictIds(
                sue, QStringLiteral("status=open&limit=2&after=%1").arg(after), &hasMore, &next);
            QVERIFY(page.size() <= 2);
            walked += page;
            if (!hasMore)
                break;
            QCOMPARE(next, page.last());
            after = next;
        }
        QCOMPARE(walked, all);

        // backwards (newest first), two at a time
        QList<qint64> backwards;
        after = 0;
        for (int pages = 0; pages < 100; ++pages) {
            qint64 next = 0;
            const QList<qint64> page = conflictIds(
                sue, QStringLiteral("status=open&order=desc&limit=2&after=%1").arg(after), &hasMore,
                &next);
            backwards += page;
            if (!hasMore)
                break;
            after = next;
        }
        std::reverse(backwards.begin(), backwards.end());
        QCOMPARE(backwards, all);

        // the default page is 100, and says whether more follow
        conflictIds(sue, QString(), &hasMore);
        QCOMPARE(hasMore, all.size() > 100);

        for (const QString &bad :
             {QStringLiteral("limit=0"), QStringLiteral("limit=1001"), QStringLiteral("limit=x"),
              QStringLiteral("after=-1"), QStringLiteral("after=y"),
              QStringLiteral("order=sideways"), QStringLiteral("status=closed")}) {
            const HttpResult r = sue.get(QStringLiteral("/api/v1/conflicts?") + bad);
            QVERIFY2(r.status == 400, qPrintable(bad));
            QCOMPARE(r.errorCode(), QStringLiteral("invalid_request"));
        }
    }
};

QTEST_GUILESS_MAIN(TestServerReview)
#include "tst_serverreview.moc"
