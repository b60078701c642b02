// Supervisor and admin features through the real server: the conflict log listed and a manual
// conflict resolved (the resolution syncs like any change), the audit log (admins only),
// export as CSV and GeoJSON (HTTP and command line), XLSForm import from the command line,
// and admission control answering 503 with
// Retry-After when the workers are saturated.
#include <QtTest>

#include <QJsonDocument>
#include <QNetworkReply>
#include <QTemporaryDir>

#include "syncclient.h"

using namespace testsupport;
using outpost::OperationKind;

class TestServerAdmin : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    Device m_alice; // collector
    Device m_bob;   // collector
    Device m_sue;   // supervisor
    Device m_ada;   // admin

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
              std::pair{"sue", "supervisor"}, std::pair{"ada", "admin"}})
            QVERIFY(addUser(m_server, QString::fromLatin1(user), QStringLiteral("north"),
                            QString::fromLatin1(role)));
        QVERIFY(publishForm(m_server, QStringLiteral("inspection"), QStringLiteral("manual"),
                            QStringLiteral("north"), QStringLiteral("team")));
        m_alice = signIn(m_server.port(), QStringLiteral("alice"));
        m_bob = signIn(m_server.port(), QStringLiteral("bob"));
        m_sue = signIn(m_server.port(), QStringLiteral("sue"));
        m_ada = signIn(m_server.port(), QStringLiteral("ada"));
    }

    void resolveAManualConflict()
    {
        const QString form = QStringLiteral("inspection");
        const QUuid id = QUuid::createUuid();
        HttpClient alice = client(m_alice);
        HttpClient bob = client(m_bob);
        const QJsonArray created =
            push(alice, {makeOp(OperationKind::Create, id, 0,
                                {{QStringLiteral("a"), QStringLiteral("base")}}, form)});
        const qint64 v1 = static_cast<qint64>(
            created.at(0).toObject().value(QStringLiteral("version")).toDouble());
        push(bob, {makeOp(OperationKind::Update, id, v1,
                          {{QStringLiteral("a"), QStringLiteral("bob")}}, form)});
        const QJsonArray r =
            push(alice, {makeOp(OperationKind::Update, id, v1,
                                {{QStringLiteral("a"), QStringLiteral("alice")}}, form)});
        QCOMPARE(r.at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("conflict"));
        const qint64 conflictId =
            static_cast<qint64>(r.at(0).toObject().value(QStringLiteral("conflict_id")).toDouble());

        HttpClient sue = client(m_sue);
        // collectors cannot see or resolve the conflict log
        QCOMPARE(alice.get(QStringLiteral("/api/v1/conflicts")).status, 403);
        const QString resolvePath = QStringLiteral("/api/v1/conflicts/%1/resolve").arg(conflictId);
        QCOMPARE(alice
                     .post(resolvePath, {{QStringLiteral("values"),
                                          QJsonObject{{QStringLiteral("a"), QStringLiteral("x")}}}})
                     .status,
                 403);
        const HttpResult open = sue.get(QStringLiteral("/api/v1/conflicts?status=open"));
        QCOMPARE(open.status, 200);
        QCOMPARE(open.json().value(QStringLiteral("conflicts")).toArray().size(), 1);
        // the supervisor decides
        const HttpResult resolved =
            sue.post(resolvePath, {{QStringLiteral("values"),
                                    QJsonObject{{QStringLiteral("a"), QStringLiteral("agreed")}}}});
        QCOMPARE(resolved.status, 200);
        const QJsonObject record = resolved.json().value(QStringLiteral("record")).toObject();
        QCOMPARE(record.value(QStringLiteral("in_conflict")).toBool(), false);
        QCOMPARE(
            record.value(QStringLiteral("values")).toObject().value(QStringLiteral("a")).toString(),
            QStringLiteral("agreed"));
        QCOMPARE(sue.post(resolvePath, {}).status, 409); // not open any more
        QCOMPARE(sue.post(QStringLiteral("/api/v1/conflicts/99999/resolve"), {}).status, 404);
        QCOMPARE(sue.post(resolvePath, {{QStringLiteral("bogus"), 1}}).status, 400);
        // and it reaches the collector's device by pull
        const QJsonObject page = alice.get(QStringLiteral("/api/v1/pull?limit=5000")).json();
        bool seen = false;
        for (const auto &value : page.value(QStringLiteral("records")).toArray()) {
            const QJsonObject rec = value.toObject();
            if (rec.value(QStringLiteral("id")).toString() == id.toString(QUuid::WithoutBraces))
                seen = rec.value(QStringLiteral("values"))
                           .toObject()
                           .value(QStringLiteral("a"))
                           .toString() == QStringLiteral("agreed");
        }
        QVERIFY(seen);
        const auto cli = m_server.admin({QStringLiteral("conflicts"), QStringLiteral("list")});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY(cli.out.contains("\tresolved\t"));
    }

    void supervisorResolvesWithAnOrdinaryOp()
    {
        const QString form = QStringLiteral("inspection");
        const QUuid id = QUuid::createUuid();
        HttpClient alice = client(m_alice);
        HttpClient bob = client(m_bob);
        HttpClient sue = client(m_sue);
        const QJsonArray created =
            push(alice, {makeOp(OperationKind::Create, id, 0,
                                {{QStringLiteral("a"), QStringLiteral("base")}}, form)});
        const qint64 v1 = static_cast<qint64>(
            created.at(0).toObject().value(QStringLiteral("version")).toDouble());
        push(bob, {makeOp(OperationKind::Update, id, v1,
                          {{QStringLiteral("a"), QStringLiteral("bob")}}, form)});
        const QJsonArray r =
            push(alice, {makeOp(OperationKind::Update, id, v1,
                                {{QStringLiteral("a"), QStringLiteral("alice")}}, form)});
        QCOMPARE(r.at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("conflict"));
        const qint64 latest =
            static_cast<qint64>(r.at(0).toObject().value(QStringLiteral("version")).toDouble());
        // the supervisor's device pushes its decision like any edit, based on the latest version
        const QJsonArray decision =
            push(sue, {makeOp(OperationKind::Update, id, latest,
                              {{QStringLiteral("a"), QStringLiteral("decided")}}, form)});
        QCOMPARE(decision.at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("applied"));
        const QJsonArray conflicts = sue.get(QStringLiteral("/api/v1/conflicts?status=open"))
                                         .json()
                                         .value(QStringLiteral("conflicts"))
                                         .toArray();
        for (const auto &value : conflicts)
            QVERIFY(value.toObject().value(QStringLiteral("record_id")).toString() !=
                    id.toString(QUuid::WithoutBraces));
        const QJsonObject page = alice.get(QStringLiteral("/api/v1/pull?limit=5000")).json();
        for (const auto &value : page.value(QStringLiteral("records")).toArray()) {
            const QJsonObject rec = value.toObject();
            if (rec.value(QStringLiteral("id")).toString() == id.toString(QUuid::WithoutBraces)) {
                QCOMPARE(rec.value(QStringLiteral("in_conflict")).toBool(), false);
                QCOMPARE(rec.value(QStringLiteral("values"))
                             .toObject()
                             .value(QStringLiteral("a"))
                             .toString(),
                         QStringLiteral("decided"));
            }
        }
    }

    void auditLogForAdmins()
    {
        HttpClient alice = client(m_alice);
        const QUuid id = QUuid::createUuid();
        push(alice, {makeOp(OperationKind::Create, id, 0,
                            {{QStringLiteral("a"), QStringLiteral("audited")}},
                            QStringLiteral("inspection"))});
        QCOMPARE(alice.get(QStringLiteral("/api/v1/audit")).status, 403);
        HttpClient ada = client(m_ada);
        const HttpResult result = ada.get(
            QStringLiteral("/api/v1/audit?record_id=%1").arg(id.toString(QUuid::WithoutBraces)));
        QCOMPARE(result.status, 200);
        const QJsonArray entries = result.json().value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.first().toObject();
        QCOMPARE(entry.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(entry.value(QStringLiteral("action")).toString(), QStringLiteral("create"));
        QCOMPARE(entry.value(QStringLiteral("device_id")).toString(), m_alice.deviceId);
        QCOMPARE(entry.value(QStringLiteral("changes"))
                     .toObject()
                     .value(QStringLiteral("a"))
                     .toObject()
                     .value(QStringLiteral("after"))
                     .toString(),
                 QStringLiteral("audited"));
        QCOMPARE(ada.get(QStringLiteral("/api/v1/audit?limit=0")).status, 400);
        const auto cli = m_server.admin({QStringLiteral("audit"), QStringLiteral("--record"),
                                         id.toString(QUuid::WithoutBraces)});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY(cli.out.contains("audited"));
    }

    void exportCsvAndGeoJson()
    {
        HttpClient alice = client(m_alice);
        push(alice, {makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                            {{QStringLiteral("a"), QStringLiteral("=cmd|' /C calc'!A0")},
                             {QStringLiteral("b"), 3}},
                            QStringLiteral("inspection"))});
        HttpClient sue = client(m_sue);
        const HttpResult csv =
            sue.get(QStringLiteral("/api/v1/forms/inspection/export?format=csv"));
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.body.startsWith("id,owner,state,version,form_version"));
        QVERIFY(csv.body.contains("'=cmd")); // a formula is never exported live
        const HttpResult geo =
            sue.get(QStringLiteral("/api/v1/forms/inspection/export?format=geojson"));
        QCOMPARE(geo.status, 200);
        QCOMPARE(geo.json().value(QStringLiteral("type")).toString(),
                 QStringLiteral("FeatureCollection"));
        QCOMPARE(alice.get(QStringLiteral("/api/v1/forms/inspection/export")).status, 403);
        QCOMPARE(sue.get(QStringLiteral("/api/v1/forms/nope/export")).status, 404);
        QCOMPARE(sue.get(QStringLiteral("/api/v1/forms/inspection/export?format=xls")).status, 400);
        const auto cli = m_server.admin({QStringLiteral("export"), QStringLiteral("inspection"),
                                         QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY(cli.out.startsWith("id,owner"));
    }

    void demoInitAndJsonLogs()
    {
        TestServer demo;
        QVERIFY2(demo.init(), qPrintable(demo.lastError()));
        const auto result =
            demo.admin({QStringLiteral("init"), QStringLiteral("--demo"), QStringLiteral("--forms"),
                        QStringLiteral(OUTPOST_SOURCE_DIR "/resources/forms")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.out.contains("demo user collector (password collector-demo)"));
        QVERIFY(demo.serve());
        HttpClient c(demo.port());
        const HttpResult signin =
            c.post(QStringLiteral("/api/v1/auth/signin"),
                   {{QStringLiteral("username"), QStringLiteral("collector")},
                    {QStringLiteral("password"), QStringLiteral("collector-demo")}});
        QCOMPARE(signin.status, 200);
        c.setToken(signin.json().value(QStringLiteral("access_token")).toString());
        const QJsonObject page = c.get(QStringLiteral("/api/v1/pull")).json();
        QVERIFY(page.value(QStringLiteral("forms")).toArray().size() >= 3);
    }

    void importXlsFormAndPublish()
    {
        // XLSForm sheets exported as CSV (docs/xlsform.md): a form with a choice list,
        // a constraint and relevance; then one with a broken expression.
        QTemporaryDir dir;
        const auto write = [&dir](const QString &name, const QByteArray &text) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        QDir().mkpath(dir.filePath(QStringLiteral("visit")));
        write(QStringLiteral("visit/survey.csv"),
              "type,name,label,required,relevant,constraint\n"
              "text,name,Name,yes,,\n"
              "integer,age,Age,yes,,. >= 0 and . < 130\n"
              "select_one yn,pregnant,Pregnant?,,${age} > 12,\n");
        write(QStringLiteral("visit/choices.csv"), "list_name,name,label\nyn,yes,Yes\nyn,no,No\n");
        write(QStringLiteral("visit/settings.csv"),
              "form_id,form_title,version\nvisit,Home visit,3\n");

        const auto summary = m_server.admin({QStringLiteral("form"), QStringLiteral("import"),
                                             dir.filePath(QStringLiteral("visit"))});
        QVERIFY2(summary.exitCode == 0, summary.err.constData());
        QVERIFY2(summary.out.contains("form visit, version 3"), summary.out.constData());
        QVERIFY(summary.out.contains("3 fields"));
        // Not published yet: a collector of the team does not get it.
        const auto formIds = [this] {
            QStringList ids;
            HttpClient alice = client(m_alice);
            // every page: forms travel in order too
            for (const QJsonObject &page : pullAllPages(alice, {}, 100))
                for (const auto &form : page.value(QStringLiteral("forms")).toArray())
                    ids << form.toObject().value(QStringLiteral("form_id")).toString();
            return ids;
        };
        QVERIFY(!formIds().contains(QStringLiteral("visit")));

        const auto published =
            m_server.admin({QStringLiteral("form"), QStringLiteral("import"),
                            dir.filePath(QStringLiteral("visit")), QStringLiteral("--publish"),
                            QStringLiteral("north")});
        QVERIFY2(published.exitCode == 0, published.err.constData());
        QVERIFY(published.out.contains("form visit published to north"));
        const QStringList ids = formIds();
        QVERIFY2(ids.contains(QStringLiteral("visit")), qPrintable(ids.join(QLatin1Char(','))));

        // A broken expression: an error naming sheet, row and column; nothing published.
        write(QStringLiteral("broken.csv"),
              "type,name,label,relevant\ntext,nick,Nick,${nope} = 1\n");
        const auto broken = m_server.admin({QStringLiteral("form"), QStringLiteral("import"),
                                            dir.filePath(QStringLiteral("broken.csv")),
                                            QStringLiteral("--publish"), QStringLiteral("north")});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains("survey, row 2, column relevant"), broken.err.constData());
        QVERIFY(!formIds().contains(QStringLiteral("broken")));
    }

    void commentedConfig()
    {
        // Whole-line // comments are allowed (the packaged server.conf explains every key);
        // anything else that is not JSON is refused with the file's name.
        TestServer server;
        QVERIFY2(server.init(), qPrintable(server.lastError()));
        const QString path = server.dataDir() + QStringLiteral("/outpost-server.json");
        const auto writeConfig = [&path](const QByteArray &text) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text);
        };
        writeConfig("// Outpost server configuration\n"
                    "{\n"
                    "  // where to listen\n"
                    "  \"listen\": \"127.0.0.1:0\",\n"
                    "    // the database\n"
                    "  \"database\": {\"driver\": \"sqlite\", \"path\": \"outpost.db\"}\n"
                    "}\n");
        const auto ok =
            server.admin({QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("east")});
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QVERIFY(server.serve());

        writeConfig("{\n  \"listen\": \"127.0.0.1:0\" // not a whole-line comment\n}\n");
        const auto bad =
            server.admin({QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("west")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("outpost-server.json"), bad.err.constData());
    }

    void saturatedServerAnswers503()
    {
        TestServer small;
        QVERIFY2(small.init({{QStringLiteral("limits"),
                              QJsonObject{{QStringLiteral("max_concurrent_requests"), 1},
                                          {QStringLiteral("max_queued_requests"), 0},
                                          {QStringLiteral("retry_after_seconds"), 3}}},
                             {QStringLiteral("auth"), QJsonObject{{QStringLiteral("password_cost"),
                                                                   QStringLiteral("moderate")}}}}),
                 qPrintable(small.lastError()));
        const QByteArray token =
            small.admin({QStringLiteral("metrics-token"), QStringLiteral("--write")}).out.trimmed();
        QVERIFY2(small.serve(), qPrintable(small.lastError())); // the token is read at start
        QVERIFY(addTeam(small, QStringLiteral("north")));
        QVERIFY(addUser(small, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        // Sign-ins hash with Argon2id (slow on purpose): eight at once saturate one worker.
        QNetworkAccessManager nam;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 8; ++i) {
            QNetworkRequest request(
                QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/auth/signin").arg(small.port())));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/json"));
            replies.append(nam.post(
                request,
                QJsonDocument(
                    QJsonObject{{QStringLiteral("username"), QStringLiteral("alice")},
                                {QStringLiteral("password"), password(QStringLiteral("alice"))}})
                    .toJson()));
        }
        // Once a sign-in was refused (the worker is busy hashing), the scraper's /metrics (its
        // token needs no store) is still answered: on the network thread, never 503.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(replies.begin(), replies.end(),
                        [](QNetworkReply *r) {
                            return r->isFinished() &&
                                   r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() ==
                                       503;
                        }),
            60000);
        QNetworkAccessManager scraper; // its own connection, not queued behind the sign-ins
        QNetworkRequest scrape(
            QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(small.port())));
        scrape.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *metrics = scraper.get(scrape);
        QTRY_VERIFY_WITH_TIMEOUT(metrics->isFinished(), 60000);
        QCOMPARE(metrics->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(metrics->readAll().contains("outpost_overloaded_total"));
        metrics->deleteLater();
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(),
                                             [](QNetworkReply *r) { return r->isFinished(); }),
                                 60000);
        int ok = 0;
        int overloaded = 0;
        for (QNetworkReply *reply : replies) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200)
                ++ok;
            if (status == 503) {
                ++overloaded;
                QCOMPARE(reply->rawHeader("Retry-After"), QByteArray("3"));
                QCOMPARE(QJsonDocument::fromJson(reply->readAll())
                             .object()
                             .value(QStringLiteral("code"))
                             .toString(),
                         QStringLiteral("overloaded"));
            }
            reply->deleteLater();
        }
        QVERIFY(ok >= 1);
        QVERIFY(overloaded >= 1);
        QCOMPARE(ok + overloaded, 8);
        HttpClient probe(small.port());
        probe.setToken(QString::fromLatin1(token));
        QVERIFY(probe.get(QStringLiteral("/metrics")).body.contains("outpost_overloaded_total"));
    }
};

QTEST_GUILESS_MAIN(TestServerAdmin)
#include "tst_serveradmin.moc"
