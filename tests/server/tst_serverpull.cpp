// Pull through the real server: pages and an opaque cursor, tombstones, forms, who sees what
// (collectors their own records or the team's, supervisors their teams' and conflicts),
// review states syncing back, bad cursors, and the cursor that never skips a change while two
// server processes on one database commit concurrent pushes.
#include <QtTest>

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSet>

#include "pullresponse.h"
#include "syncclient.h"

using namespace testsupport;
using outpost::OperationKind;

namespace {

struct Page
{
    QJsonArray records;
    QJsonArray forms;
    QJsonArray conflicts;
    QString cursor;
    bool hasMore = false;
    int status = 0;
};

Page pullPage(HttpClient &client, const QString &cursor, int limit)
{
    const HttpResult r =
        client.get(QStringLiteral("/api/v1/pull?cursor=%1&limit=%2").arg(cursor).arg(limit));
    const QJsonObject json = r.json();
    return Page{json.value(QStringLiteral("records")).toArray(),
                json.value(QStringLiteral("forms")).toArray(),
                json.value(QStringLiteral("conflicts")).toArray(),
                json.value(QStringLiteral("cursor")).toString(),
                json.value(QStringLiteral("has_more")).toBool(),
                r.status};
}

} // namespace

class TestServerPull : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    HttpClient client(const Device &device)
    {
        HttpClient c(m_server.port());
        c.setToken(device.token);
        return c;
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
        QVERIFY(publishForm(m_server, QStringLiteral("household"),
                            QStringLiteral("last-write-wins"), QStringLiteral("north"),
                            QStringLiteral("own")));
    }

    void pagesTombstonesAndForms()
    {
        const Device alice = signIn(m_server.port(), QStringLiteral("alice"));
        HttpClient c = client(alice);
        QList<outpost::Operation> creates;
        for (int i = 0; i < 25; ++i)
            creates.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                  {{QStringLiteral("a"), QStringLiteral("value %1").arg(i)}}));
        const QJsonArray created = push(c, creates);
        QCOMPARE(created.size(), 25);
        QList<outpost::Operation> deletes;
        for (int i = 0; i < 3; ++i)
            deletes.append(
                makeOp(OperationKind::Delete, creates[i].entityId,
                       static_cast<qint64>(
                           created.at(i).toObject().value(QStringLiteral("version")).toDouble()),
                       {}));
        QCOMPARE(push(c, deletes).size(), 3);

        QString cursor;
        QHash<QString, QJsonObject> seen;
        int forms = 0;
        int pages = 0;
        double lastVersion = 0;
        for (;;) {
            const Page page = pullPage(c, cursor, 10);
            QCOMPARE(page.status, 200);
            ++pages;
            forms += page.forms.size();
            for (const auto &value : page.records) {
                const QJsonObject record = value.toObject();
                QVERIFY(record.value(QStringLiteral("version")).toDouble() > lastVersion);
                lastVersion = record.value(QStringLiteral("version")).toDouble();
                seen.insert(record.value(QStringLiteral("id")).toString(), record);
            }
            QVERIFY(!page.cursor.isEmpty());
            cursor = page.cursor;
            if (!page.hasMore)
                break;
        }
        QCOMPARE(seen.size(), 25);
        QVERIFY(pages >= 3);
        QCOMPARE(forms, 1);
        for (int i = 0; i < 25; ++i) {
            const QJsonObject record =
                seen.value(creates[i].entityId.toString(QUuid::WithoutBraces));
            QCOMPARE(record.value(QStringLiteral("deleted")).toBool(), i < 3);
            if (i < 3)
                QVERIFY(record.value(QStringLiteral("values")).toObject().isEmpty()); // tombstone
        }
        // nothing new: the same cursor, no records
        const Page idle = pullPage(c, cursor, 10);
        QCOMPARE(idle.records.size(), 0);
        QCOMPARE(idle.cursor, cursor);
        QCOMPARE(idle.hasMore, false);
    }

    void badCursorsAndLimits()
    {
        const Device alice = signIn(m_server.port(), QStringLiteral("alice"));
        HttpClient c = client(alice);
        for (const QString &query :
             {QStringLiteral("cursor=garbage!!"), QStringLiteral("cursor=djE6LTU"),
              QStringLiteral("limit=0"), QStringLiteral("limit=abc"), QStringLiteral("limit=-3")}) {
            const HttpResult r = c.get(QStringLiteral("/api/v1/pull?") + query);
            QCOMPARE(r.status, 400);
            QVERIFY(!r.errorCode().isEmpty());
        }
    }

    void oversizedLimitIsClamped()
    {
        // The server serves at most limits.max_pull_page_size (here 3) records a page,
        // whatever the device asks for, and says there is more.
        TestServer small;
        QVERIFY(small.start(
            {{QStringLiteral("limits"), QJsonObject{{QStringLiteral("max_pull_page_size"), 3}}}}));
        QVERIFY(addTeam(small, QStringLiteral("north")));
        QVERIFY(addUser(small, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(publishForm(small, QStringLiteral("household"), QStringLiteral("last-write-wins"),
                            QStringLiteral("north"), QStringLiteral("own")));
        const Device alice = signIn(small.port(), QStringLiteral("alice"));
        HttpClient c(small.port());
        c.setToken(alice.token);
        QList<outpost::Operation> ops;
        for (int i = 0; i < 5; ++i)
            ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                              {{QStringLiteral("a"), QStringLiteral("r%1").arg(i)}}));
        int status = 0;
        const QJsonArray results = push(c, ops, &status);
        QVERIFY2(results.size() == 5, qPrintable(QStringLiteral("push answered %1: %2")
                                                     .arg(status)
                                                     .arg(small.serverOutput().right(600))));
        // Pages count every change (forms too), never more than 3, until all 5 are there.
        Page page = pullPage(c, QString(), 999999);
        QVERIFY(page.hasMore);
        int records = static_cast<int>(page.records.size());
        int pages = 1;
        while (page.hasMore && pages < 10) {
            QVERIFY(page.records.size() <= 3);
            page = pullPage(c, page.cursor, 999999);
            records += static_cast<int>(page.records.size());
            ++pages;
        }
        QVERIFY(page.records.size() <= 3);
        QCOMPARE(records, 5);
        QVERIFY(pages >= 2);
    }

    void collectorsSeeTheirOwnSupervisorsAll()
    {
        const Device alice = signIn(m_server.port(), QStringLiteral("alice"));
        const Device bob = signIn(m_server.port(), QStringLiteral("bob"));
        const Device sue = signIn(m_server.port(), QStringLiteral("sue"));
        HttpClient b = client(bob);
        const QUuid bobsRecord = QUuid::createUuid();
        QCOMPARE(push(b, {makeOp(OperationKind::Create, bobsRecord, 0,
                                 {{QStringLiteral("a"), QStringLiteral("bob's")}})})
                     .size(),
                 1);
        HttpClient a = client(alice);
        const Page alicePage = pullPage(a, {}, 5000);
        QVERIFY(!QJsonDocument(alicePage.records)
                     .toJson()
                     .contains(bobsRecord.toString(QUuid::WithoutBraces).toUtf8()));
        HttpClient s = client(sue);
        const Page suePage = pullPage(s, {}, 5000);
        QVERIFY(QJsonDocument(suePage.records)
                    .toJson()
                    .contains(bobsRecord.toString(QUuid::WithoutBraces).toUtf8()));
        // and alice cannot touch it
        const QJsonArray r = push(a, {makeOp(OperationKind::Update, bobsRecord, 1,
                                             {{QStringLiteral("a"), QStringLiteral("x")}})});
        QCOMPARE(r.at(0)
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("not_found"));
    }

    void reviewSyncsBackToTheCollector()
    {
        const Device alice = signIn(m_server.port(), QStringLiteral("alice"));
        const Device sue = signIn(m_server.port(), QStringLiteral("sue"));
        HttpClient a = client(alice);
        HttpClient s = client(sue);
        const QUuid id = QUuid::createUuid();
        const QString path =
            QStringLiteral("/api/v1/records/%1/review").arg(id.toString(QUuid::WithoutBraces));
        QCOMPARE(push(a, {makeOp(OperationKind::Create, id, 0,
                                 {{QStringLiteral("a"), QStringLiteral("draft")}})})
                     .size(),
                 1);
        // a draft cannot be reviewed
        QCOMPARE(s.post(path, {{QStringLiteral("decision"), QStringLiteral("accept")}}).status,
                 409);
        const Page before = pullPage(a, {}, 5000);
        outpost::Operation finalize =
            makeOp(OperationKind::Update, id, 0, {{QStringLiteral("c"), QStringLiteral("done")}});
        finalize.state = QStringLiteral("finalized");
        finalize.baseVersion = static_cast<qint64>(
            before.records.last().toObject().value(QStringLiteral("version")).toDouble());
        QCOMPARE(push(a, {finalize}).at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("applied"));
        // a collector may not review; bad decisions are refused
        HttpResult r = a.post(path, {{QStringLiteral("decision"), QStringLiteral("accept")}});
        QCOMPARE(r.status, 403);
        r = s.post(path, {{QStringLiteral("decision"), QStringLiteral("maybe")}});
        QCOMPARE(r.status, 400);
        r = s.post(path, {{QStringLiteral("decision"), QStringLiteral("reject")},
                          {QStringLiteral("comment"), QStringLiteral("photo missing")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        const Page after = pullPage(a, before.cursor, 5000);
        QJsonObject mine;
        for (const auto &value : after.records) {
            if (value.toObject().value(QStringLiteral("id")).toString() ==
                id.toString(QUuid::WithoutBraces))
                mine = value.toObject();
        }
        QCOMPARE(mine.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QCOMPARE(mine.value(QStringLiteral("review_comment")).toString(),
                 QStringLiteral("photo missing"));
        QCOMPARE(s.post(QStringLiteral("/api/v1/records/not-a-uuid/review"),
                        {{QStringLiteral("decision"), QStringLiteral("accept")}})
                     .status,
                 404);
    }

    // Pages are written as text from the stored rows: they must be exactly what the shared
    // codec (core/protocol PullResponse / RecordChange) reads and writes, escapes included.
    void pageIsThePullResponseFormat()
    {
        const Device alice = signIn(m_server.port(), QStringLiteral("alice"));
        const Device sue = signIn(m_server.port(), QStringLiteral("sue"));
        HttpClient a = client(alice);
        HttpClient s = client(sue);
        const QString tricky = QStringLiteral("quote \" back \\ new\nline\ttab \u0001 \u00e9 "
                                              "\u6f22 \U0001F600 </script>");
        const QUuid id = QUuid::createUuid();
        outpost::Operation op = makeOp(OperationKind::Create, id, 0,
                                       {{QStringLiteral("a"), tricky},
                                        {QStringLiteral("b"), -42},
                                        {QStringLiteral("c"), QStringLiteral("x")}});
        op.state = QStringLiteral("finalized");
        QCOMPARE(push(a, {op}).at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("applied"));
        QCOMPARE(
            s.post(
                 QStringLiteral("/api/v1/records/%1/review").arg(id.toString(QUuid::WithoutBraces)),
                 {{QStringLiteral("decision"), QStringLiteral("accept")},
                  {QStringLiteral("comment"), tricky}})
                .status,
            200);
        QJsonObject found;
        QString cursor;
        for (int i = 0; i < 1000 && found.isEmpty(); ++i) {
            const HttpResult r =
                s.get(QStringLiteral("/api/v1/pull?cursor=%1&limit=7").arg(cursor));
            QCOMPARE(r.status, 200);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            auto page = outpost::PullResponse::fromJson(doc.object());
            QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
            for (const auto &value : doc.object().value(QStringLiteral("records")).toArray()) {
                const QJsonObject record = value.toObject();
                auto change = outpost::RecordChange::fromJson(record);
                QVERIFY(change);
                QCOMPARE(change->toJson(), record); // nothing lost, nothing added
                if (record.value(QStringLiteral("id")).toString() ==
                    id.toString(QUuid::WithoutBraces))
                    found = record;
            }
            cursor = page->cursor;
            if (!page->hasMore)
                break;
        }
        QVERIFY(!found.isEmpty());
        QCOMPARE(found.value(QStringLiteral("values")).toObject(), op.fields);
        QCOMPARE(found.value(QStringLiteral("review_comment")).toString(), tricky);
        QCOMPARE(found.value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        QCOMPARE(found.value(QStringLiteral("owner")).toString(), QStringLiteral("alice"));
        QCOMPARE(found.value(QStringLiteral("created_at")).toString(),
                 op.deviceTime.toUTC().toString(Qt::ISODateWithMs));
    }

    // A collector's pull on an own-records form costs its own changes, not the team's: among
    // 20,000 records of another collector it still comes in one page, and in small pages
    // every page is full of what it may see (its own records and the team-visible form's),
    // in version order, none skipped, none twice. A pull that walked the team's stream and
    // hid others' records would need ~100 pages of 200 (tst_pullplan checks the indexes).
    void ownPullCostsOwnChanges()
    {
        TestServer big;
        QVERIFY2(big.start(), qPrintable(big.lastError()));
        QVERIFY(addTeam(big, QStringLiteral("north")));
        for (const auto &[user, role] :
             {std::pair{"carol", "collector"}, std::pair{"dave", "collector"},
              std::pair{"sam", "supervisor"}})
            QVERIFY(addUser(big, QString::fromLatin1(user), QStringLiteral("north"),
                            QString::fromLatin1(role)));
        QVERIFY(publishForm(big, QStringLiteral("private"), QStringLiteral("last-write-wins"),
                            QStringLiteral("north"), QStringLiteral("own")));
        QVERIFY(publishForm(big, QStringLiteral("shared"), QStringLiteral("last-write-wins"),
                            QStringLiteral("north"), QStringLiteral("team")));
        HttpClient carol(big.port());
        carol.setToken(signIn(big.port(), QStringLiteral("carol")).token);
        HttpClient dave(big.port());
        dave.setToken(signIn(big.port(), QStringLiteral("dave")).token);
        QSet<QString> expected; // what carol may see
        auto pushMany = [](HttpClient &client, int count, const QString &formId,
                           QSet<QString> *ids) {
            for (int done = 0; done < count; done += 500) {
                QList<outpost::Operation> ops;
                for (int i = done; i < std::min(count, done + 500); ++i) {
                    ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                      {{QStringLiteral("b"), i}}, formId));
                    if (ids)
                        ids->insert(ops.last().entityId.toString(QUuid::WithoutBraces));
                }
                if (push(client, ops).size() != ops.size())
                    return false;
            }
            return true;
        };
        // carol's records and the shared ones interleaved with dave's private ones
        QVERIFY(pushMany(carol, 50, QStringLiteral("private"), &expected));
        QVERIFY(pushMany(dave, 10000, QStringLiteral("private"), nullptr));
        QVERIFY(pushMany(dave, 30, QStringLiteral("shared"), &expected));
        QVERIFY(pushMany(carol, 20, QStringLiteral("shared"), &expected));
        QVERIFY(pushMany(dave, 10000, QStringLiteral("private"), nullptr));
        QVERIFY(pushMany(carol, 50, QStringLiteral("private"), &expected));
        QCOMPARE(expected.size(), 150);

        // One page holds all: 150 records + 2 forms.
        const Page whole = pullPage(carol, {}, 200);
        QCOMPARE(whole.status, 200);
        QCOMPARE(whole.records.size(), 150);
        QCOMPARE(whole.forms.size(), 2);
        QVERIFY(!whole.hasMore);

        // Pages of 7: every page but the last is full, in version order, nothing missed.
        QString cursor;
        QSet<QString> seen;
        double lastVersion = 0;
        int pages = 0;
        int forms = 0;
        for (;;) {
            const Page page = pullPage(carol, cursor, 7);
            QCOMPARE(page.status, 200);
            ++pages;
            forms += page.forms.size();
            if (page.hasMore)
                QCOMPARE(page.records.size() + page.forms.size(), 7);
            for (const auto &value : page.records) {
                const QJsonObject record = value.toObject();
                QVERIFY(record.value(QStringLiteral("version")).toDouble() > lastVersion);
                lastVersion = record.value(QStringLiteral("version")).toDouble();
                const QString id = record.value(QStringLiteral("id")).toString();
                QVERIFY2(!seen.contains(id), "a record came twice");
                seen.insert(id);
            }
            cursor = page.cursor;
            if (!page.hasMore)
                break;
            QVERIFY(pages < 100);
        }
        QCOMPARE(seen, expected);
        QCOMPARE(forms, 2);
        QCOMPARE(pages, (152 + 6) / 7);

        // Later: 1,000 more of dave's private records, one of carol's: one record, one page.
        QSet<QString> later;
        QVERIFY(pushMany(dave, 1000, QStringLiteral("private"), nullptr));
        QVERIFY(pushMany(carol, 1, QStringLiteral("private"), &later));
        const Page next = pullPage(carol, cursor, 7);
        QCOMPARE(next.records.size(), 1);
        QCOMPARE(next.records.at(0).toObject().value(QStringLiteral("id")).toString(),
                 *later.begin());
        QVERIFY(!next.hasMore);
        QCOMPARE(pullPage(carol, next.cursor, 7).records.size(), 0);

        // The supervisor still sees the whole team.
        HttpClient sam(big.port());
        sam.setToken(signIn(big.port(), QStringLiteral("sam")).token);
        int all = 0;
        Page page = pullPage(sam, {}, 5000);
        all += static_cast<int>(page.records.size());
        while (page.hasMore) {
            page = pullPage(sam, page.cursor, 5000);
            all += static_cast<int>(page.records.size());
        }
        QCOMPARE(all, 150 + 20000 + 1000 + 1);
    }

    // Invariant 4: two server processes on one database, devices pushing through both at
    // once, a supervisor pulling all the while: every committed record arrives, none twice
    // out of order, whatever order the transactions committed in.
    void cursorNeverSkipsWithTwoServerProcesses()
    {
        TestServer second;
        QVERIFY2(second.shareDataOf(m_server), qPrintable(second.lastError()));
        const Device sue = signIn(m_server.port(), QStringLiteral("sue"));
        HttpClient puller = client(sue);
        Page start = pullPage(puller, {}, 5000);
        while (start.hasMore)
            start = pullPage(puller, start.cursor, 5000);
        QString cursor = start.cursor;

        constexpr int kDevices = 6;
        constexpr int kBatches = 12;
        constexpr int kOpsPerBatch = 10;
        QNetworkAccessManager nam;
        QSet<QString> created;
        int inFlight = 0;
        int failures = 0;
        struct Pusher
        {
            QString token;
            int sent = 0;
        };
        std::vector<Pusher> pushers;
        for (int i = 0; i < kDevices; ++i)
            pushers.push_back(Pusher{signIn(i % 2 ? second.port() : m_server.port(),
                                            i % 3 ? QStringLiteral("alice") : QStringLiteral("bob"))
                                         .token,
                                     0});
        std::function<void(int)> sendNext = [&](int device) {
            Pusher &p = pushers[static_cast<size_t>(device)];
            if (p.sent == kBatches)
                return;
            QList<outpost::Operation> ops;
            for (int k = 0; k < kOpsPerBatch; ++k) {
                ops.append(makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                                  {{QStringLiteral("b"), k}}));
                created.insert(ops.last().entityId.toString(QUuid::WithoutBraces));
            }
            const quint16 port = (device + p.sent) % 2 ? second.port() : m_server.port();
            ++p.sent;
            QNetworkRequest request(
                QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/push").arg(port)));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + p.token.toUtf8());
            QNetworkReply *reply =
                nam.post(request, QJsonDocument(batch(ops)).toJson(QJsonDocument::Compact));
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, [&, reply, device] {
                --inFlight;
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                    ++failures;
                reply->deleteLater();
                sendNext(device);
            });
        };
        for (int i = 0; i < kDevices; ++i)
            sendNext(i);

        QSet<QString> seen;
        double lastVersion = 0;
        bool ordered = true;
        auto drain = [&](int limit) {
            Page page = pullPage(puller, cursor, limit);
            if (page.status != 200)
                return false;
            for (const auto &value : page.records) {
                const QJsonObject record = value.toObject();
                const double version = record.value(QStringLiteral("version")).toDouble();
                ordered = ordered && version > lastVersion;
                lastVersion = version;
                seen.insert(record.value(QStringLiteral("id")).toString());
            }
            cursor = page.cursor;
            return page.hasMore;
        };
        QElapsedTimer timer;
        timer.start();
        while (inFlight > 0 && timer.elapsed() < 120000) {
            drain(7); // small pages while the pushes commit
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        QCOMPARE(inFlight, 0);
        QCOMPARE(failures, 0);
        while (drain(500)) {
        }
        drain(500);
        QVERIFY(ordered);
        QCOMPARE(created.size(), kDevices * kBatches * kOpsPerBatch);
        QSet<QString> missing = created;
        missing.subtract(seen);
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(QStringLiteral("%1 records skipped by the cursor").arg(missing.size())));
    }
};

QTEST_GUILESS_MAIN(TestServerPull)
#include "tst_serverpull.moc"
