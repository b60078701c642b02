// The HTTP front of the real server process: JSON errors, 404 / 405, the connection layer's
// limits (413, 431, 411, 400, 408 for idle and slow clients, 100-continue), pipelined
// requests answered in order, /healthz and /metrics, the JSON Content-Type, and that none of
// it brings the server down.
#include <QCryptographicHash>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QtTest>

#include "httpclient.h"
#include "syncclient.h"
#include "testserver.h"

using namespace testsupport;

class TestServerHttp : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    static int statusOf(const QByteArray &raw)
    {
        // "HTTP/1.1 413 ..." -> 413 (the first final status line)
        qsizetype at = 0;
        while ((at = raw.indexOf("HTTP/1.1 ", at)) >= 0) {
            const int status = raw.mid(at + 9, 3).toInt();
            if (status >= 200)
                return status;
            at += 9;
        }
        return 0;
    }

    void expectAlive()
    {
        HttpClient client(m_server.port());
        QCOMPARE(client.get(QStringLiteral("/healthz")).status, 200);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QJsonObject limits{{QStringLiteral("max_body_bytes"), 1024 * 1024},
                                 {QStringLiteral("max_header_bytes"), 8192},
                                 {QStringLiteral("idle_timeout_ms"), 600},
                                 {QStringLiteral("request_timeout_ms"), 1500}};
        QVERIFY2(m_server.start({{QStringLiteral("limits"), limits}}),
                 qPrintable(m_server.lastError()));
    }

    void healthz()
    {
        HttpClient client(m_server.port());
        const HttpResult result = client.get(QStringLiteral("/healthz"));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    }

    // JSON bodies come as application/json: any case, parameters allowed, a charset only if
    // it is UTF-8 (refusals: tst_serverhostile's content-type rows, with nothing changed).
    void jsonContentTypeSpellingsAreAccepted()
    {
        QVERIFY(addTeam(m_server, QStringLiteral("types")));
        QVERIFY(addUser(m_server, QStringLiteral("tina"), QStringLiteral("types"),
                        QStringLiteral("collector")));
        const QJsonObject signIn{{QStringLiteral("username"), QStringLiteral("tina")},
                                 {QStringLiteral("password"), password(QStringLiteral("tina"))},
                                 {QStringLiteral("device_name"), QStringLiteral("types")}};
        HttpClient client(m_server.port());
        for (const QByteArray &type :
             {QByteArray("application/json; charset=utf-8"), QByteArray("APPLICATION/JSON"),
              QByteArray("application/json;charset=\"UTF-8\""),
              QByteArray("application/json; foo=bar")}) {
            const HttpResult r = client.post(QStringLiteral("/api/v1/auth/signin"), signIn,
                                             {{QByteArray("Content-Type"), type}});
            QVERIFY2(r.status == 200, type.constData());
        }
        const HttpResult refused = client.post(QStringLiteral("/api/v1/auth/signin"), signIn,
                                               {{QByteArray("Content-Type"), "text/json"}});
        QCOMPARE(refused.status, 415);
        QCOMPARE(refused.errorCode(), QStringLiteral("unsupported_media_type"));
    }

    void unknownPathIsJson404()
    {
        HttpClient client(m_server.port());
        const HttpResult result = client.get(QStringLiteral("/no/such/thing"));
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));
        QVERIFY(!result.json().value(QStringLiteral("message")).toString().isEmpty());
    }

    void wrongMethodIs405WithAllow()
    {
        HttpClient client(m_server.port());
        const HttpResult result = client.request("DELETE", QStringLiteral("/healthz"));
        QCOMPARE(result.status, 405);
        QCOMPARE(result.errorCode(), QStringLiteral("method_not_allowed"));
        QCOMPARE(result.header("Allow"), QByteArray("GET"));
    }

    void hugeDeclaredBodyIs413BeforeItArrives()
    {
        const QByteArray reply = HttpClient::raw(
            m_server.port(), "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: "
                             "209715200\r\n\r\n{\"ops\":[");
        QCOMPARE(statusOf(reply), 413);
        QVERIFY(reply.contains("payload_too_large"));
        expectAlive();
    }

    void bodyJustUnderTheCapIsRead()
    {
        HttpClient client(m_server.port());
        const QByteArray body(1024 * 1024 - 10, 'x');
        // reaches the route (405 for POST on /healthz), not the size guard
        QCOMPARE(client.request("POST", QStringLiteral("/healthz"), body).status, 405);
    }

    void hugeHeadersAre431()
    {
        const QByteArray reply = HttpClient::raw(
            m_server.port(),
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a') + "\r\n\r\n");
        QCOMPARE(statusOf(reply), 431);
        expectAlive();
    }

    void chunkedBodyIs411()
    {
        const QByteArray reply = HttpClient::raw(
            m_server.port(), "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                             "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        QCOMPARE(statusOf(reply), 411);
        expectAlive();
    }

    void malformedRequestLineIs400()
    {
        const QByteArray reply = HttpClient::raw(m_server.port(), "HELLO\r\n\r\n");
        QCOMPARE(statusOf(reply), 400);
        const QByteArray garbage =
            HttpClient::raw(m_server.port(), QByteArray("\x01\x02\x03 / HTTP/1.1\r\n\r\n"));
        Q_UNUSED(garbage); // any answer or a closed connection, never a crash
        expectAlive();
    }

    void expectContinueIsAnswered()
    {
        const QByteArray reply =
            HttpClient::raw(m_server.port(),
                            "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                            "Expect: 100-continue\r\nConnection: close\r\n\r\n",
                            1000);
        QVERIFY2(reply.startsWith("HTTP/1.1 100 Continue"), reply.constData());
    }

    void idleClientMidRequestGets408()
    {
        QElapsedTimer timer;
        timer.start();
        const QByteArray reply =
            HttpClient::raw(m_server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n", 10000);
        QCOMPARE(statusOf(reply), 408);
        QVERIFY(timer.elapsed() < 5000);
    }

    void slowClientGets408()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray request =
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaa\r\n\r\n";
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        // one byte every 300 ms: never idle for 600 ms, but too slow for 1500 ms
        for (qsizetype i = 0;
             i < request.size() && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(request.mid(i, 1));
            socket.flush();
            if (socket.waitForReadyRead(300))
                received += socket.readAll();
        }
        received += socket.readAll();
        QCOMPARE(statusOf(received), 408);
        QVERIFY(timer.elapsed() < 5000);
    }

    void idleKeepAliveConnectionIsClosed()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
        QVERIFY(socket.waitForConnected(5000));
        QVERIFY(socket.waitForDisconnected(5000));
    }

    // A client that leaves Nagle's algorithm on (QNetworkAccessManager does) holds back the
    // small tail of a request until the server acknowledges what came before; a server that
    // delays its ACKs (Linux: 40 ms once the connection looks interactive) then stalls every
    // request by 40 ms. The server acknowledges at once (TCP_QUICKACK), so a head followed by
    // a small body on a keep-alive connection is answered without that wait.
    void smallBodyTailIsNotHeldBack()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
        QVERIFY(socket.waitForConnected(5000));
        QList<qint64> elapsedUs;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer timer;
            timer.start();
            socket.write("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
            socket.flush();
            socket.write("0123456789"); // a second small segment, right behind the head
            socket.flush();
            QByteArray reply;
            while (!reply.contains("\r\n\r\n") || !reply.endsWith('}')) {
                QVERIFY(socket.waitForReadyRead(5000));
                reply += socket.readAll();
            }
            QCOMPARE(statusOf(reply), 405);
            elapsedUs.append(timer.nsecsElapsed() / 1000);
        }
        std::sort(elapsedUs.begin(), elapsedUs.end());
        const qint64 medianUs = elapsedUs.at(elapsedUs.size() / 2);
        QVERIFY2(medianUs < 20000, qPrintable(QStringLiteral("median %1 us").arg(medianUs)));
    }

    // A large body arrives in many reads that the guard only counts (it does not copy them to
    // look at); the read that holds the body's end and the next request's head is framed as
    // usual: a good request behind the body is answered in order, a malformed one is refused
    // by the guard (which only happens if it knows exactly where the body ended).
    void requestAfterALargeBodyIsFramed()
    {
        auto statusesAfterBody = [this](const QByteArray &next, QByteArray *reply) {
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
            if (!socket.waitForConnected(5000))
                return QList<int>{-1};
            constexpr qsizetype kBody = 3 * 1024 * 1024 + 7;
            socket.write("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                         QByteArray::number(kBody) + "\r\n\r\n");
            const QByteArray slice(64 * 1024, 'b');
            qsizetype sent = 0;
            while (sent + slice.size() < kBody) {
                socket.write(slice);
                socket.waitForBytesWritten(5000);
                sent += slice.size();
            }
            socket.write(QByteArray(kBody - sent, 'b') + next);
            while (socket.state() == QAbstractSocket::ConnectedState &&
                   socket.waitForReadyRead(5000))
                *reply += socket.readAll();
            *reply += socket.readAll();
            QList<int> statuses;
            qsizetype at = 0;
            while ((at = reply->indexOf("HTTP/1.1 ", at)) >= 0) {
                statuses.append(reply->mid(at + 9, 3).toInt());
                at += 9;
            }
            return statuses;
        };
        QByteArray reply;
        QCOMPARE(statusesAfterBody("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                   &reply),
                 (QList<int>{405, 200}));
        reply.clear();
        QCOMPARE(statusesAfterBody("GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n", &reply),
                 (QList<int>{400}));
        QVERIFY(reply.contains("bad_request_line"));
    }

    void pipelinedRequestsAnsweredInOrder()
    {
        const QByteArray requests = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                    "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                                    "DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                    "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const QByteArray reply = HttpClient::raw(m_server.port(), requests, 5000);
        QList<int> statuses;
        qsizetype at = 0;
        while ((at = reply.indexOf("HTTP/1.1 ", at)) >= 0) {
            statuses.append(reply.mid(at + 9, 3).toInt());
            at += 9;
        }
        QCOMPARE(statuses, (QList<int>{200, 404, 405, 200}));
    }

    // /metrics: an admin's access token or the configured metrics token (its sha256 in the
    // configuration, made by `outpost-server metrics-token`); anyone else is refused.
    void metricsNeedAnAdminOrTheMetricsToken()
    {
        TestServer server;
        QVERIFY2(server.init(), qPrintable(server.lastError()));
        const TestServer::AdminResult made =
            server.admin({QStringLiteral("metrics-token"), QStringLiteral("--write")});
        QCOMPARE(made.exitCode, 0);
        const QString token = QString::fromLatin1(made.out.trimmed());
        QVERIFY(token.size() >= 40);
        QFile config(server.dataDir() + QStringLiteral("/outpost-server.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray configText = config.readAll();
        QVERIFY(!configText.contains(token.toLatin1())); // only its hash is kept
        QVERIFY(configText.contains(
            QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex()));
        QVERIFY2(server.serve(), qPrintable(server.lastError()));
        QVERIFY(addTeam(server, QStringLiteral("north")));
        for (const auto &[user, role] : {std::pair{"col", "collector"},
                                         std::pair{"sup", "supervisor"}, std::pair{"adm", "admin"}})
            QVERIFY(addUser(server, QString::fromLatin1(user), QStringLiteral("north"),
                            QString::fromLatin1(role)));
        auto metricsWith = [&server](const QString &bearer) {
            HttpClient client(server.port());
            client.setToken(bearer);
            return client.get(QStringLiteral("/metrics"));
        };
        HttpResult r = metricsWith({});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("unauthenticated"));
        r = metricsWith(signIn(server.port(), QStringLiteral("col")).token);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("forbidden"));
        QCOMPARE(metricsWith(signIn(server.port(), QStringLiteral("sup")).token).status, 403);
        const QString wrong =
            (token.startsWith(QLatin1Char('A')) ? QStringLiteral("B") : QStringLiteral("A")) +
            token.mid(1);
        r = metricsWith(wrong);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_token"));
        r = metricsWith(signIn(server.port(), QStringLiteral("adm")).token);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("outpost_http_requests_total{code=\"2xx\"}"));
        QVERIFY(r.body.contains("outpost_http_request_duration_seconds_bucket"));
        r = metricsWith(token);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        QVERIFY(r.body.contains("outpost_http_requests_total{code=\"4xx\"}"));
        // the metrics token opens nothing else
        HttpClient scraper(server.port());
        scraper.setToken(token);
        QCOMPARE(scraper.get(QStringLiteral("/api/v1/me")).status, 401);
        QCOMPARE(scraper.get(QStringLiteral("/api/v1/pull")).status, 401);
        QVERIFY(!server.serverOutput().contains(token.toLatin1())); // never logged
    }

    void metricsTokenConfigIsAHash()
    {
        TestServer server;
        QVERIFY(!server.init(
            {{QStringLiteral("auth"), QJsonObject{{QStringLiteral("metrics_token_sha256"),
                                                   QStringLiteral("not-a-hash")}}}}));
        QVERIFY2(server.lastError().contains(QStringLiteral("metrics_token_sha256")),
                 qPrintable(server.lastError()));
        // Without --write: the token and the line to add, the file untouched.
        TestServer fresh;
        QVERIFY2(fresh.init(), qPrintable(fresh.lastError()));
        QFile config(fresh.dataDir() + QStringLiteral("/outpost-server.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray before = config.readAll();
        config.close();
        const TestServer::AdminResult printed = fresh.admin({QStringLiteral("metrics-token")});
        QCOMPARE(printed.exitCode, 0);
        const QByteArray hash =
            QCryptographicHash::hash(printed.out.trimmed(), QCryptographicHash::Sha256).toHex();
        QVERIFY2(printed.err.contains("\"metrics_token_sha256\": \"" + hash + '"'),
                 printed.err.constData());
        QVERIFY(config.open(QIODevice::ReadOnly));
        QCOMPARE(config.readAll(), before);
        config.close();
        // --write never rewrites a hand-commented file (the packaged one is commented).
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write("// edited by hand\n" + before);
        config.close();
        const TestServer::AdminResult refused =
            fresh.admin({QStringLiteral("metrics-token"), QStringLiteral("--write")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(config.open(QIODevice::ReadOnly));
        QCOMPARE(config.readAll(), "// edited by hand\n" + before);
    }

    // Random garbage at every endpoint, with and without a valid token: always a 4xx JSON
    // error (never 5xx), and the server stays up.
    void garbageNeverCrashes()
    {
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        QVERIFY(addUser(m_server, QStringLiteral("fuzz"), QStringLiteral("north"),
                        QStringLiteral("supervisor")));
        const QString token = signIn(m_server.port(), QStringLiteral("fuzz")).token;
        QVERIFY(!token.isEmpty());
        const QList<QPair<QByteArray, QString>> endpoints{
            {"POST", QStringLiteral("/api/v1/push")},
            {"POST", QStringLiteral("/api/v1/auth/signin")},
            {"POST", QStringLiteral("/api/v1/auth/refresh")},
            {"GET", QStringLiteral("/api/v1/pull?cursor=%1&limit=%2")},
            {"POST", QStringLiteral("/api/v1/records/%1/review")},
            {"POST", QStringLiteral("/api/v1/conflicts/%1/resolve")},
            {"GET", QStringLiteral("/api/v1/audit?after=%1&limit=%2")},
            {"GET", QStringLiteral("/api/v1/forms/%1/export?format=%2")},
            {"POST", QStringLiteral("/api/v1/uploads")},
            {"PATCH", QStringLiteral("/api/v1/uploads/%1")},
            {"GET", QStringLiteral("/api/v1/attachments/%1")}};
        const QList<QByteArray> seeds{
            R"({"ops":[{"op_id":"00000000-0000-0000-0000-000000000001","entity":"record","entity_id":"00000000-0000-0000-0000-000000000002","kind":"update","base_version":1e300,"form_id":"x","form_version":-1,"fields":{},"device_time":"x"}]})",
            R"({"ops":[null,true,1,"s",[],{}]})",
            R"({"username":"fuzz","password":{"$ne":null}})",
            R"({"decision":"accept","comment":[1,2,3]})",
            R"({"values":{"a":{"b":{"c":[[[[]]]]}}},"delete":"yes"})",
            R"({"refresh_token":12})",
            QByteArray(5000, '['),
            QByteArray("\xff\xfe\x00\x01garbage"),
        };
        QRandomGenerator random(20261125);
        HttpClient authed(m_server.port());
        authed.setToken(token);
        HttpClient anonymous(m_server.port());
        for (int i = 0; i < 300; ++i) {
            const auto &[method, pattern] = endpoints[random.bounded(endpoints.size())];
            QByteArray body = seeds[random.bounded(seeds.size())];
            for (int flips = random.bounded(4); flips > 0; --flips)
                body[random.bounded(body.size())] = static_cast<char>(random.bounded(256));
            const QString junk = QString::number(random.generate64(), 36);
            QString path = pattern;
            if (path.contains(QStringLiteral("%1")))
                path = path.arg(junk);
            if (path.contains(QStringLiteral("%2")))
                path = path.arg(random.bounded(2) ? QStringLiteral("-5") : QStringLiteral("abc"));
            HttpClient &client = random.bounded(3) ? authed : anonymous;
            const HttpResult r = client.request(method, path, body,
                                                {{"Tus-Resumable", "1.0.0"},
                                                 {"Upload-Offset", "0"},
                                                 {"Upload-Length", junk.toLatin1()}});
            bool acceptable = r.status >= 400 && r.status < 500;
            if (r.status == 200 && path == QStringLiteral("/api/v1/push")) {
                // a well-formed envelope: each bad op is rejected on its own, none applied
                acceptable = true;
                for (const auto &value : r.json().value(QStringLiteral("results")).toArray())
                    acceptable = acceptable && value.toObject().value(QStringLiteral("status")) ==
                                                   QStringLiteral("rejected");
            }
            QVERIFY2(acceptable, qPrintable(QStringLiteral("%1 %2 -> %3 %4")
                                                .arg(QString::fromLatin1(method), path)
                                                .arg(r.status)
                                                .arg(QString::fromUtf8(r.body.left(200)))));
        }
        expectAlive();
    }

    void tlsWithCertificateFiles()
    {
        TestServer tls;
        QVERIFY2(tls.init({{QStringLiteral("tls"),
                            QJsonObject{{QStringLiteral("certificate"), QStringLiteral("cert.pem")},
                                        {QStringLiteral("key"), QStringLiteral("key.pem")}}}}),
                 qPrintable(tls.lastError()));
        if (!tls.makeTestCertificate())
            QSKIP("no openssl command to make a test certificate");
        QVERIFY2(tls.serve(), qPrintable(tls.lastError()));
        QNetworkAccessManager nam;
        QNetworkRequest request(
            QUrl(QStringLiteral("https://127.0.0.1:%1/healthz").arg(tls.port())));
        QNetworkReply *reply = nam.get(request);
        QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                         [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().contains("\"status\":\"ok\""));
        reply->deleteLater();
        // plain HTTP to the TLS port gets nowhere, and the server stays up
        QVERIFY(!HttpClient::raw(tls.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2000)
                     .contains("200 OK"));
        QNetworkReply *again = nam.get(request);
        QObject::connect(again, &QNetworkReply::sslErrors, again,
                         [again](const QList<QSslError> &) { again->ignoreSslErrors(); });
        QTRY_VERIFY_WITH_TIMEOUT(again->isFinished(), 20000);
        QCOMPARE(again->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        again->deleteLater();
    }

    void cleanupTestCase()
    {
        expectAlive();
        m_server.stop();
    }
};

QTEST_GUILESS_MAIN(TestServerHttp)
#include "tst_serverhttp.moc"
