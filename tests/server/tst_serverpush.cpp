// Push through the real server: op ids applied at most once (replayed batch and lost
// response), Idempotency-Key, a rejected op never blocks the rest, versions only grow, batch
// limits, every conflict path (disjoint merge, last-write-wins, manual, update-after-delete,
// delete-after-update), a device's own earlier ops never conflicting with its later ones
// (several ops per record in one batch), tenant isolation and bad input that changes nothing.
#include <QtTest>

#include "../core/dynamicform.h"
#include "pushresponse.h"
#include "recordfactory.h"
#include "syncclient.h"

using namespace testsupport;
using outpost::OperationKind;

class TestServerPush : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    Device m_alice; // collector, north
    Device m_bob;   // collector, north
    Device m_sue;   // supervisor, north
    Device m_zed;   // collector, south

    HttpClient client(const Device &device)
    {
        HttpClient c(m_server.port());
        c.setToken(device.token);
        return c;
    }

    static QString status(const QJsonArray &results, int i)
    {
        return results.at(i).toObject().value(QStringLiteral("status")).toString();
    }
    static qint64 version(const QJsonArray &results, int i)
    {
        return static_cast<qint64>(
            results.at(i).toObject().value(QStringLiteral("version")).toDouble());
    }
    static QString errorMessage(const QJsonArray &results, int i)
    {
        return results.at(i)
            .toObject()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("message"))
            .toString();
    }
    static QString errorCode(const QJsonArray &results, int i)
    {
        return results.at(i)
            .toObject()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }

    // The record as the supervisor pulls it (all pages).
    QJsonObject pulled(const QUuid &id)
    {
        HttpClient c = client(m_sue);
        QJsonObject found;
        for (const QJsonObject &page : pullAllPages(c)) {
            for (const auto &value : page.value(QStringLiteral("records")).toArray()) {
                if (value.toObject().value(QStringLiteral("id")).toString() ==
                    id.toString(QUuid::WithoutBraces))
                    found = value.toObject();
            }
        }
        return found;
    }

    QJsonObject conflict(qint64 id)
    {
        HttpClient c = client(m_sue);
        for (const QJsonObject &page : pullAllPages(c)) {
            for (const auto &value : page.value(QStringLiteral("conflicts")).toArray()) {
                if (static_cast<qint64>(value.toObject().value(QStringLiteral("id")).toDouble()) ==
                    id)
                    return value.toObject();
            }
        }
        return {};
    }

    qint64 create(const Device &device, const QUuid &id, const QJsonObject &fields,
                  const QString &form = QStringLiteral("household"))
    {
        HttpClient c = client(device);
        const QJsonArray results = push(c, {makeOp(OperationKind::Create, id, 0, fields, form)});
        return status(results, 0) == QStringLiteral("applied") ? version(results, 0) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start({{QStringLiteral("limits"),
                                  QJsonObject{{QStringLiteral("max_batch_ops"), 50}}}}),
                 qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        QVERIFY(addTeam(m_server, QStringLiteral("south")));
        QVERIFY(addUser(m_server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("bob"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("sue"), QStringLiteral("north"),
                        QStringLiteral("supervisor")));
        QVERIFY(addUser(m_server, QStringLiteral("zed"), QStringLiteral("south"),
                        QStringLiteral("collector")));
        QVERIFY(publishForm(m_server, QStringLiteral("household"),
                            QStringLiteral("last-write-wins"), QStringLiteral("north"),
                            QStringLiteral("team")));
        QVERIFY(publishForm(m_server, QStringLiteral("inspection"), QStringLiteral("manual"),
                            QStringLiteral("north"), QStringLiteral("team")));
        QVERIFY(publishForm(m_server, QStringLiteral("household"),
                            QStringLiteral("last-write-wins"), QStringLiteral("south")));
        m_alice = signIn(m_server.port(), QStringLiteral("alice"));
        m_bob = signIn(m_server.port(), QStringLiteral("bob"));
        m_sue = signIn(m_server.port(), QStringLiteral("sue"));
        m_zed = signIn(m_server.port(), QStringLiteral("zed"));
        QVERIFY(!m_alice.token.isEmpty() && !m_zed.token.isEmpty());
    }

    void replayedBatchGetsOriginalResults()
    {
        HttpClient c = client(m_alice);
        const QList<outpost::Operation> ops{
            makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                   {{QStringLiteral("a"), QStringLiteral("x")}}),
            makeOp(OperationKind::Create, QUuid::createUuid(), 0, {{QStringLiteral("b"), 2}})};
        const QJsonArray first = push(c, ops);
        QCOMPARE(first.size(), 2);
        QCOMPARE(status(first, 0), QStringLiteral("applied"));
        // The response was "lost": the device sends the same batch again.
        const QJsonArray second = push(c, ops);
        QCOMPARE(second, first);
        // and one op again, inside another batch: its original result, at its new index
        const QUuid fresh = QUuid::createUuid();
        const QJsonArray third = push(c, {makeOp(OperationKind::Create, fresh, 0, {}), ops[1]});
        QCOMPARE(version(third, 1), version(first, 1));
        QCOMPARE(third.at(1).toObject().value(QStringLiteral("index")).toInt(), 1);
        // the same op twice in one batch: applied once, the second gets the first's result
        const outpost::Operation twice = makeOp(OperationKind::Create, QUuid::createUuid(), 0, {});
        const QJsonArray doubled = push(c, {twice, twice});
        QCOMPARE(status(doubled, 0), QStringLiteral("applied"));
        QCOMPARE(version(doubled, 1), version(doubled, 0));
        QCOMPARE(pulled(ops[0].entityId).value(QStringLiteral("version")).toDouble(),
                 static_cast<double>(version(first, 0)));
    }

    void idempotencyKey()
    {
        HttpClient c = client(m_alice);
        const QJsonObject body = batch({makeOp(OperationKind::Create, QUuid::createUuid(), 0, {})});
        const QList<QPair<QByteArray, QByteArray>> key{{"Idempotency-Key", "batch-1"}};
        const HttpResult first = c.post(QStringLiteral("/api/v1/push"), body, key);
        QCOMPARE(first.status, 200);
        const HttpResult again = c.post(QStringLiteral("/api/v1/push"), body, key);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("replayed")).toBool(), true);
        QCOMPARE(again.json().value(QStringLiteral("results")),
                 first.json().value(QStringLiteral("results")));
        const HttpResult other =
            c.post(QStringLiteral("/api/v1/push"),
                   batch({makeOp(OperationKind::Create, QUuid::createUuid(), 0, {})}), key);
        QCOMPARE(other.status, 422);
        QCOMPARE(other.errorCode(), QStringLiteral("idempotency_key_reused"));
    }

    // Results are written as text by the server: they must be exactly what the shared codec
    // (core/protocol PushResponse / OpResult) reads and writes, escapes included.
    void resultsAreThePushResponseFormat()
    {
        HttpClient c = client(m_alice);
        QJsonArray ops;
        ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                          {{QStringLiteral("a"), QStringLiteral("x")}})
                       .toJson());
        ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0, {},
                          QStringLiteral("no \"such\" \\ form\n"))
                       .toJson());
        ops.append(QJsonObject{{QStringLiteral("op_id"), QStringLiteral("not-a-uuid")}});
        const QList<QPair<QByteArray, QByteArray>> key{{"Idempotency-Key", "format-1"}};
        for (int round = 0; round < 2; ++round) { // the second answer is the stored one
            const HttpResult r =
                c.post(QStringLiteral("/api/v1/push"), {{QStringLiteral("ops"), ops}}, key);
            QCOMPARE(r.status, 200);
            QJsonParseError error;
            const QJsonObject body = QJsonDocument::fromJson(r.body, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            auto decoded = outpost::PushResponse::fromJson(body);
            QVERIFY(decoded);
            QCOMPARE(decoded->replayed, round == 1);
            QCOMPARE(decoded->toJson(), body);
            const QJsonArray results = body.value(QStringLiteral("results")).toArray();
            QCOMPARE(results.size(), 3);
            QCOMPARE(status(results, 0), QStringLiteral("applied"));
            QCOMPARE(errorCode(results, 1), QStringLiteral("unknown_form"));
            QVERIFY(results.at(1)
                        .toObject()
                        .value(QStringLiteral("error"))
                        .toObject()
                        .value(QStringLiteral("message"))
                        .toString()
                        .contains(QStringLiteral("no \"such\" \\ form\n")));
            QCOMPARE(errorCode(results, 2), QStringLiteral("invalid_operation"));
        }
    }

    void rejectedOpDoesNotBlockTheRest()
    {
        HttpClient c = client(m_alice);
        QJsonArray ops;
        ops.append(
            makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}, QStringLiteral("secret-form"))
                .toJson());
        ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}).toJson());
        ops.append(QJsonObject{{QStringLiteral("op_id"), QStringLiteral("not-a-uuid")}});
        ops.append(42);
        QJsonObject withUnknown =
            makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}).toJson();
        withUnknown.insert(QStringLiteral("sneaky"), true);
        ops.append(withUnknown);
        QJsonObject badState = makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}).toJson();
        badState.insert(QStringLiteral("state"), QStringLiteral("accepted"));
        ops.append(badState);
        ops.append(makeOp(OperationKind::Update, QUuid::createUuid(), 1, {{QStringLiteral("a"), 1}})
                       .toJson());
        ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}).toJson());
        const HttpResult result =
            c.post(QStringLiteral("/api/v1/push"), {{QStringLiteral("ops"), ops}});
        QCOMPARE(result.status, 200);
        const QJsonArray r = result.json().value(QStringLiteral("results")).toArray();
        QCOMPARE(r.size(), 8);
        QCOMPARE(errorCode(r, 0), QStringLiteral("unknown_form"));
        QCOMPARE(status(r, 1), QStringLiteral("applied"));
        QCOMPARE(errorCode(r, 2), QStringLiteral("invalid_operation"));
        QCOMPARE(errorCode(r, 3), QStringLiteral("invalid_operation"));
        QCOMPARE(errorCode(r, 4), QStringLiteral("invalid_operation"));
        QCOMPARE(errorCode(r, 5), QStringLiteral("invalid_state"));
        QCOMPARE(errorCode(r, 6), QStringLiteral("not_found"));
        QCOMPARE(status(r, 7), QStringLiteral("applied"));
        QVERIFY(version(r, 7) > version(r, 1));
    }

    void versionsOnlyGrow()
    {
        HttpClient c = client(m_alice);
        qint64 last = 0;
        for (int i = 0; i < 5; ++i) {
            const QJsonArray r =
                push(c, {makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}),
                         makeOp(OperationKind::Create, QUuid::createUuid(), 0, {})});
            QVERIFY(version(r, 0) > last);
            QVERIFY(version(r, 1) > version(r, 0));
            last = version(r, 1);
        }
    }

    void batchLimitsAndBadBodies()
    {
        HttpClient c = client(m_alice);
        QList<outpost::Operation> many;
        for (int i = 0; i < 51; ++i)
            many.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0, {}));
        int code = 0;
        push(c, many, &code);
        QCOMPARE(code, 413);
        const struct
        {
            QByteArray body;
            int status;
            const char *code;
        } cases[] = {{"not json", 400, "invalid_json"},
                     {"[]", 400, "invalid_json"},
                     {"{}", 400, "invalid_request"},
                     {R"({"ops": {}})", 400, "invalid_request"},
                     {R"({"ops": [], "extra": 1})", 400, "invalid_request"}};
        for (const auto &bad : cases) {
            const HttpResult r = c.request("POST", QStringLiteral("/api/v1/push"), bad.body);
            QCOMPARE(r.status, bad.status);
            QCOMPARE(r.errorCode(), QString::fromLatin1(bad.code));
        }
        // none of that reached the store: the first of the 51 ops was never applied
        QVERIFY(pulled(many.first().entityId).isEmpty());
    }

    void disjointEditsMerge()
    {
        const QUuid id = QUuid::createUuid();
        const qint64 v1 = create(
            m_alice, id, {{QStringLiteral("a"), QStringLiteral("one")}, {QStringLiteral("b"), 1}});
        QVERIFY(v1 > 0);
        HttpClient bob = client(m_bob);
        HttpClient alice = client(m_alice);
        const QJsonArray rb = push(bob, {makeOp(OperationKind::Update, id, v1,
                                                {{QStringLiteral("a"), QStringLiteral("bob")}})});
        QCOMPARE(status(rb, 0), QStringLiteral("applied"));
        const QJsonArray ra =
            push(alice, {makeOp(OperationKind::Update, id, v1, {{QStringLiteral("b"), 7}})});
        QCOMPARE(status(ra, 0), QStringLiteral("merged"));
        const QJsonObject values = pulled(id).value(QStringLiteral("values")).toObject();
        QCOMPARE(values.value(QStringLiteral("a")).toString(), QStringLiteral("bob"));
        QCOMPARE(values.value(QStringLiteral("b")).toInt(), 7);
    }

    void sameValueIsNoConflict()
    {
        const QUuid id = QUuid::createUuid();
        const qint64 v1 = create(m_alice, id, {{QStringLiteral("a"), QStringLiteral("one")}});
        HttpClient bob = client(m_bob);
        HttpClient alice = client(m_alice);
        push(bob, {makeOp(OperationKind::Update, id, v1,
                          {{QStringLiteral("a"), QStringLiteral("same")}})});
        const QJsonArray r = push(alice, {makeOp(OperationKind::Update, id, v1,
                                                 {{QStringLiteral("a"), QStringLiteral("same")}})});
        QCOMPARE(status(r, 0), QStringLiteral("merged"));
        QVERIFY(!r.at(0).toObject().contains(QStringLiteral("conflict_id")));
    }

    void lastWriteWinsLogsTheLoser()
    {
        const QUuid id = QUuid::createUuid();
        const qint64 v1 = create(m_alice, id, {{QStringLiteral("a"), QStringLiteral("base")}});
        HttpClient bob = client(m_bob);
        HttpClient alice = client(m_alice);
        push(bob, {makeOp(OperationKind::Update, id, v1,
                          {{QStringLiteral("a"), QStringLiteral("bob")}})});
        const QJsonArray r =
            push(alice, {makeOp(OperationKind::Update, id, v1,
                                {{QStringLiteral("a"), QStringLiteral("alice")}})});
        QCOMPARE(status(r, 0), QStringLiteral("merged"));
        const qint64 conflictId =
            static_cast<qint64>(r.at(0).toObject().value(QStringLiteral("conflict_id")).toDouble());
        QVERIFY(conflictId > 0);
        QCOMPARE(pulled(id)
                     .value(QStringLiteral("values"))
                     .toObject()
                     .value(QStringLiteral("a"))
                     .toString(),
                 QStringLiteral("alice"));
        const QJsonObject c = conflict(conflictId);
        QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("auto_resolved"));
        const QJsonObject field =
            c.value(QStringLiteral("fields")).toObject().value(QStringLiteral("a")).toObject();
        QCOMPARE(field.value(QStringLiteral("base")).toString(), QStringLiteral("base"));
        QCOMPARE(field.value(QStringLiteral("server")).toString(), QStringLiteral("bob"));
        QCOMPARE(field.value(QStringLiteral("device")).toString(), QStringLiteral("alice"));
    }

    void manualPolicyOpensAConflict()
    {
        const QUuid id = QUuid::createUuid();
        const qint64 v1 = create(
            m_alice, id, {{QStringLiteral("a"), QStringLiteral("base")}, {QStringLiteral("b"), 1}},
            QStringLiteral("inspection"));
        QVERIFY(v1 > 0);
        HttpClient bob = client(m_bob);
        HttpClient alice = client(m_alice);
        push(bob,
             {makeOp(OperationKind::Update, id, v1, {{QStringLiteral("a"), QStringLiteral("bob")}},
                     QStringLiteral("inspection"))});
        const QJsonArray r =
            push(alice,
                 {makeOp(OperationKind::Update, id, v1,
                         {{QStringLiteral("a"), QStringLiteral("alice")}, {QStringLiteral("b"), 2}},
                         QStringLiteral("inspection"))});
        QCOMPARE(status(r, 0), QStringLiteral("conflict"));
        const qint64 conflictId =
            static_cast<qint64>(r.at(0).toObject().value(QStringLiteral("conflict_id")).toDouble());
        const QJsonObject record = pulled(id);
        QCOMPARE(record.value(QStringLiteral("in_conflict")).toBool(), true);
        const QJsonObject values = record.value(QStringLiteral("values")).toObject();
        QCOMPARE(values.value(QStringLiteral("a")).toString(),
                 QStringLiteral("bob"));                        // server value stays
        QCOMPARE(values.value(QStringLiteral("b")).toInt(), 2); // disjoint part applied
        const QJsonObject c = conflict(conflictId);
        QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QCOMPARE(c.value(QStringLiteral("policy")).toString(), QStringLiteral("manual"));
        QVERIFY(!c.value(QStringLiteral("fields")).toObject().contains(QStringLiteral("b")));
    }

    void updateAfterDelete()
    {
        const QUuid id = QUuid::createUuid();
        const qint64 v1 = create(m_alice, id, {{QStringLiteral("a"), QStringLiteral("x")}});
        HttpClient bob = client(m_bob);
        HttpClient alice = client(m_alice);
        QCOMPARE(status(push(bob, {makeOp(OperationKind::Delete, id, v1, {})}), 0),
                 QStringLiteral("applied"));
        const QJsonArray r = push(alice, {makeOp(OperationKind::Update, id, v1,
                                                 {{QStringLiteral("a"), QStringLiteral("late")}})});
        QCOMPARE(status(r, 0), QStringLiteral("rejected"));
        QCOMPARE(errorCode(r, 0), QStringLiteral("record_deleted"));
        const qint64 conflictId =
            static_cast<qint64>(r.at(0).toObject().value(QStringLiteral("conflict_id")).toDouble());
        QCOMPARE(conflict(conflictId).value(QStringLiteral("kind")).toString(),
                 QStringLiteral("update_after_delete"));
        QCOMPARE(pulled(id).value(QStringLiteral("deleted")).toBool(), true);
    }

    void deleteAfterUpdate()
    {
        HttpClient bob = client(m_bob);
        HttpClient alice = client(m_alice);
        // last-write-wins: the delete applies; the lost update is logged
        const QUuid lww = QUuid::createUuid();
        const qint64 v1 = create(m_alice, lww, {{QStringLiteral("a"), QStringLiteral("x")}});
        push(bob, {makeOp(OperationKind::Update, lww, v1,
                          {{QStringLiteral("a"), QStringLiteral("new")}})});
        QJsonArray r = push(alice, {makeOp(OperationKind::Delete, lww, v1, {})});
        QCOMPARE(status(r, 0), QStringLiteral("merged"));
        QVERIFY(r.at(0).toObject().value(QStringLiteral("conflict_id")).toDouble() > 0);
        QCOMPARE(pulled(lww).value(QStringLiteral("deleted")).toBool(), true);
        // manual: the record stays, a conflict opens
        const QUuid manual = QUuid::createUuid();
        const qint64 m1 = create(m_alice, manual, {{QStringLiteral("a"), QStringLiteral("x")}},
                                 QStringLiteral("inspection"));
        push(bob, {makeOp(OperationKind::Update, manual, m1,
                          {{QStringLiteral("a"), QStringLiteral("new")}},
                          QStringLiteral("inspection"))});
        r = push(alice,
                 {makeOp(OperationKind::Delete, manual, m1, {}, QStringLiteral("inspection"))});
        QCOMPARE(status(r, 0), QStringLiteral("conflict"));
        const QJsonObject record = pulled(manual);
        QCOMPARE(record.value(QStringLiteral("deleted")).toBool(), false);
        QCOMPARE(record.value(QStringLiteral("in_conflict")).toBool(), true);
    }

    // One device's ops are judged against OTHER writers only: its own earlier ops on a record
    // (in the same batch, or applied before while this op's base was older) never conflict.
    void ownOpsInOneBatchDoNotConflict()
    {
        HttpClient alice = client(m_alice);
        for (const QString &form : {QStringLiteral("household"), QStringLiteral("inspection")}) {
            const QUuid id = QUuid::createUuid();
            const QJsonArray r = push(
                alice,
                {makeOp(OperationKind::Create, id, 0,
                        {{QStringLiteral("a"), QStringLiteral("one")}, {QStringLiteral("b"), 1}},
                        form),
                 makeOp(OperationKind::Update, id, 0,
                        {{QStringLiteral("a"), QStringLiteral("two")}}, form),
                 makeOp(OperationKind::Update, id, 0,
                        {{QStringLiteral("a"), QStringLiteral("three")}, {QStringLiteral("b"), 2}},
                        form)});
            QCOMPARE(r.size(), 3);
            for (int i = 0; i < 3; ++i) {
                QCOMPARE(status(r, i), QStringLiteral("applied"));
                QVERIFY(!r.at(i).toObject().contains(QStringLiteral("conflict_id")));
            }
            QVERIFY(version(r, 1) > version(r, 0));
            QVERIFY(version(r, 2) > version(r, 1));
            const QJsonObject record = pulled(id);
            QCOMPARE(record.value(QStringLiteral("version")).toDouble(),
                     static_cast<double>(version(r, 2)));
            QCOMPARE(record.value(QStringLiteral("in_conflict")).toBool(), false);
            const QJsonObject values = record.value(QStringLiteral("values")).toObject();
            QCOMPARE(values.value(QStringLiteral("a")).toString(), QStringLiteral("three"));
            QCOMPARE(values.value(QStringLiteral("b")).toInt(), 2);
        }
    }

    void laterOpOnAnOldBaseAfterTheDevicesOwnOp()
    {
        HttpClient alice = client(m_alice);
        const QString form = QStringLiteral("inspection"); // manual: a conflict would show
        const QUuid id = QUuid::createUuid();
        const qint64 v1 = create(m_alice, id, {{QStringLiteral("a"), QStringLiteral("one")}}, form);
        QVERIFY(v1 > 0);
        QJsonArray r = push(alice, {makeOp(OperationKind::Update, id, v1,
                                           {{QStringLiteral("a"), QStringLiteral("two")}}, form)});
        QCOMPARE(status(r, 0), QStringLiteral("applied"));
        // the device still based its next edits on v1 (e.g. the answer was lost)
        r = push(alice, {makeOp(OperationKind::Update, id, v1,
                                {{QStringLiteral("a"), QStringLiteral("three")}}, form)});
        QCOMPARE(status(r, 0), QStringLiteral("applied"));
        QVERIFY(!r.at(0).toObject().contains(QStringLiteral("conflict_id")));
        QCOMPARE(pulled(id)
                     .value(QStringLiteral("values"))
                     .toObject()
                     .value(QStringLiteral("a"))
                     .toString(),
                 QStringLiteral("three"));
        r = push(alice, {makeOp(OperationKind::Delete, id, v1, {}, form)});
        QCOMPARE(status(r, 0), QStringLiteral("applied"));
        QVERIFY(!r.at(0).toObject().contains(QStringLiteral("conflict_id")));
        QCOMPARE(pulled(id).value(QStringLiteral("deleted")).toBool(), true);
    }

    void anotherDevicesEditStillConflicts()
    {
        HttpClient alice = client(m_alice);
        HttpClient bob = client(m_bob);
        for (const QString &form : {QStringLiteral("household"), QStringLiteral("inspection")}) {
            const bool manual = form == QStringLiteral("inspection");
            const QUuid id = QUuid::createUuid();
            const qint64 v1 = create(
                m_alice, id,
                {{QStringLiteral("a"), QStringLiteral("base")}, {QStringLiteral("b"), 1}}, form);
            QCOMPARE(
                status(push(bob, {makeOp(OperationKind::Update, id, v1,
                                         {{QStringLiteral("a"), QStringLiteral("bob")}}, form)}),
                       0),
                QStringLiteral("applied"));
            // alice, on v1, in one batch: a disjoint edit, then an edit of bob's field
            const QJsonArray r = push(
                alice, {makeOp(OperationKind::Update, id, v1, {{QStringLiteral("b"), 5}}, form),
                        makeOp(OperationKind::Update, id, v1,
                               {{QStringLiteral("a"), QStringLiteral("alice")}}, form)});
            QCOMPARE(status(r, 0), QStringLiteral("merged"));
            QVERIFY(!r.at(0).toObject().contains(QStringLiteral("conflict_id")));
            QCOMPARE(status(r, 1), manual ? QStringLiteral("conflict") : QStringLiteral("merged"));
            const qint64 conflictId = static_cast<qint64>(
                r.at(1).toObject().value(QStringLiteral("conflict_id")).toDouble());
            QVERIFY(conflictId > 0);
            const QJsonObject field = conflict(conflictId)
                                          .value(QStringLiteral("fields"))
                                          .toObject()
                                          .value(QStringLiteral("a"))
                                          .toObject();
            QCOMPARE(field.value(QStringLiteral("base")).toString(), QStringLiteral("base"));
            QCOMPARE(field.value(QStringLiteral("server")).toString(), QStringLiteral("bob"));
            QCOMPARE(field.value(QStringLiteral("device")).toString(), QStringLiteral("alice"));
            const QJsonObject values = pulled(id).value(QStringLiteral("values")).toObject();
            QCOMPARE(values.value(QStringLiteral("a")).toString(),
                     manual ? QStringLiteral("bob") : QStringLiteral("alice"));
            QCOMPARE(values.value(QStringLiteral("b")).toInt(), 5);
        }
    }

    void revalidatedAgainstTheForm()
    {
        HttpClient c = client(m_alice);
        outpost::Operation wrongType = makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                              {{QStringLiteral("b"), QStringLiteral("seven")}});
        outpost::Operation unknownField =
            makeOp(OperationKind::Create, QUuid::createUuid(), 0, {{QStringLiteral("zz"), 1}});
        outpost::Operation incompleteDraft = makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                                    {{QStringLiteral("a"), QStringLiteral("x")}});
        outpost::Operation incompleteFinal = makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                                    {{QStringLiteral("a"), QStringLiteral("x")}});
        incompleteFinal.state = QStringLiteral("finalized");
        outpost::Operation completeFinal = makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                                  {{QStringLiteral("c"), QStringLiteral("x")}});
        completeFinal.state = QStringLiteral("finalized");
        const QJsonArray r =
            push(c, {wrongType, unknownField, incompleteDraft, incompleteFinal, completeFinal});
        QCOMPARE(errorCode(r, 0), QStringLiteral("validation_failed"));
        QVERIFY(errorMessage(r, 0).contains(QStringLiteral("b")));
        QCOMPARE(errorCode(r, 1), QStringLiteral("validation_failed"));
        QCOMPARE(status(r, 2), QStringLiteral("applied"));
        QCOMPARE(errorCode(r, 3), QStringLiteral("validation_failed"));
        QCOMPARE(status(r, 4), QStringLiteral("applied"));
        // an update that would break a finalized record is refused too
        const QJsonArray u = push(c, {makeOp(OperationKind::Update, completeFinal.entityId,
                                             version(r, 4), {{QStringLiteral("c"), QString()}})});
        QCOMPARE(errorCode(u, 0), QStringLiteral("validation_failed"));
        // an invalid form cannot be published
        QFile bad(m_server.dataDir() + QStringLiteral("/bad-form.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(
            R"({"id":"bad","version":1,"title":"B","fields":[{"name":"x","type":"nonsense"}]})");
        bad.close();
        QCOMPARE(m_server
                     .admin({QStringLiteral("form"), QStringLiteral("publish"), bad.fileName(),
                             QStringLiteral("--team"), QStringLiteral("north")})
                     .exitCode,
                 1);
    }

    // A form with repeat_count, dynamic defaults and choice filters (tests/core/dynamicform.h):
    // the server's re-validation gives the same answers as the device's.
    void dynamicFormRevalidated()
    {
        const QString path = m_server.dataDir() + QStringLiteral("/dynamic.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(outpost::test::dynamicFormJson());
        file.close();
        QCOMPARE(m_server
                     .admin({QStringLiteral("form"), QStringLiteral("publish"), path,
                             QStringLiteral("--team"), QStringLiteral("north")})
                     .exitCode,
                 0);
        auto form = outpost::FormDefinition::fromJson(outpost::test::dynamicFormJson());
        QVERIFY(form.ok());
        const QJsonObject fresh = outpost::RecordFactory::create(*form).values; // n = 2, 2 members
        const auto op = [&](const QJsonObject &values, bool finalized) {
            outpost::Operation o = makeOp(OperationKind::Create, QUuid::createUuid(), 0, values,
                                          QStringLiteral("dynamic"));
            if (finalized)
                o.state = QStringLiteral("finalized");
            return o;
        };
        QJsonObject threeMembers = fresh;
        QJsonArray members = fresh.value(QStringLiteral("members")).toArray();
        members.append(QJsonObject{{QStringLiteral("number"), 3}});
        threeMembers.insert(QStringLiteral("members"), members);
        QJsonObject notOffered = fresh;
        notOffered.insert(QStringLiteral("liked"), QJsonArray{QStringLiteral("apple")});
        notOffered.insert(QStringLiteral("tasks"), QJsonArray{QJsonObject{}});
        notOffered.insert(QStringLiteral("best"), QStringLiteral("kiwi"));
        QJsonObject alsoLiked = notOffered;
        alsoLiked.insert(QStringLiteral("best"), QStringLiteral("apple"));
        alsoLiked.insert(QStringLiteral("also"), QJsonArray{QStringLiteral("apple")});
        QJsonObject fine = alsoLiked;
        fine.insert(QStringLiteral("also"), QJsonArray{QStringLiteral("kiwi")});

        const outpost::Operation wrongCountDraft = op(threeMembers, false);
        HttpClient c = client(m_alice);
        const QJsonArray r = push(c, {op(fresh, true), op(threeMembers, true), wrongCountDraft,
                                      op(notOffered, true), op(alsoLiked, true), op(fine, true)});
        QCOMPARE(status(r, 0), QStringLiteral("applied"));
        QCOMPARE(errorCode(r, 1), QStringLiteral("validation_failed"));
        const QString countMessage = errorMessage(r, 1);
        QVERIFY2(countMessage.contains(QStringLiteral("members: Exactly 2 entries are needed (3 "
                                                      "given). (count)")),
                 qPrintable(countMessage));
        QCOMPARE(status(r, 2), QStringLiteral("applied")); // a draft may be incomplete
        QCOMPARE(errorCode(r, 3), QStringLiteral("validation_failed"));
        QVERIFY(errorMessage(r, 3).contains(
            QStringLiteral("best: \"kiwi\" is not among the choices offered")));
        QCOMPARE(errorCode(r, 4), QStringLiteral("validation_failed"));
        QCOMPARE(status(r, 5), QStringLiteral("applied"));
        // The draft finalized with its count fixed (a member fewer) is accepted.
        outpost::Operation fix = makeOp(
            OperationKind::Update, wrongCountDraft.entityId, version(r, 2),
            {{QStringLiteral("members"), fresh.value("members")}}, QStringLiteral("dynamic"));
        fix.state = QStringLiteral("finalized");
        QCOMPARE(status(push(c, {fix}), 0), QStringLiteral("applied"));
    }

    void tenantIsolation()
    {
        const QUuid id = QUuid::createUuid();
        const qint64 v1 =
            create(m_alice, id, {{QStringLiteral("a"), QStringLiteral("north secret")}});
        HttpClient zed = client(m_zed);
        // zed (south) can neither change nor delete north's record, nor learn it exists
        QJsonArray r = push(zed, {makeOp(OperationKind::Update, id, v1,
                                         {{QStringLiteral("a"), QStringLiteral("hacked")}})});
        QCOMPARE(errorCode(r, 0), QStringLiteral("not_found"));
        r = push(zed, {makeOp(OperationKind::Delete, id, v1, {})});
        QCOMPARE(errorCode(r, 0), QStringLiteral("not_found"));
        // nor use north's form
        r = push(zed, {makeOp(OperationKind::Create, QUuid::createUuid(), 0, {},
                              QStringLiteral("inspection"))});
        QCOMPARE(errorCode(r, 0), QStringLiteral("unknown_form"));
        const HttpResult page = zed.get(QStringLiteral("/api/v1/pull?limit=5000"));
        QCOMPARE(page.status, 200);
        QVERIFY(!page.body.contains("north secret"));
        QVERIFY(!page.body.contains(id.toString(QUuid::WithoutBraces).toUtf8()));
        QCOMPARE(pulled(id)
                     .value(QStringLiteral("values"))
                     .toObject()
                     .value(QStringLiteral("a"))
                     .toString(),
                 QStringLiteral("north secret"));
        // the review endpoint refuses a collector before looking at the record (403 whether
        // or not it exists: nothing learnt), and answers a supervisor of another team 404
        const QJsonObject accept{{QStringLiteral("decision"), QStringLiteral("accept")}};
        for (const QUuid &target : {id, QUuid::createUuid()})
            QCOMPARE(zed.post(QStringLiteral("/api/v1/records/%1/review")
                                  .arg(target.toString(QUuid::WithoutBraces)),
                              accept)
                         .status,
                     403);
        QVERIFY(addUser(m_server, QStringLiteral("zoe"), QStringLiteral("south"),
                        QStringLiteral("supervisor")));
        HttpClient zoe = client(signIn(m_server.port(), QStringLiteral("zoe")));
        const HttpResult review = zoe.post(
            QStringLiteral("/api/v1/records/%1/review").arg(id.toString(QUuid::WithoutBraces)),
            accept);
        QCOMPARE(review.status, 404);
    }
};

QTEST_GUILESS_MAIN(TestServerPush)
#include "tst_serverpush.moc"
