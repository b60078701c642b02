// Sign-in attempt limiting through the real server (SignInLimiter): failed sign-ins per user
// name and per client address are limited with 429 too_many_attempts and Retry-After; a
// blocked name is refused even with the right password; a name that does not exist is
// treated exactly like one that does (no existence leak); a success clears the name's
// counter; X-Forwarded-For is believed only from a trusted proxy; the block doubles; and the
// counters are shared through the database (a restarted server still blocks).
#include <QtTest>

#include "syncclient.h"

using namespace testsupport;

namespace {

// 3 failures per name; perAddress per client address; blocked blockSeconds, doubling.
QJsonObject limits(int perAddress, int blockSeconds, const QJsonArray &trustedProxies = {})
{
    return {{QStringLiteral("auth"),
             QJsonObject{{QStringLiteral("signin_max_failures_per_user"), 3},
                         {QStringLiteral("signin_max_failures_per_address"), perAddress},
                         {QStringLiteral("signin_window_s"), 600},
                         {QStringLiteral("signin_block_s"), blockSeconds},
                         {QStringLiteral("signin_max_block_s"), 4 * blockSeconds},
                         {QStringLiteral("trusted_proxies"), trustedProxies}}}};
}

int retryAfter(const HttpResult &result)
{
    return result.header("Retry-After").toInt();
}

HttpResult attempt(quint16 port, const QString &user, const QString &password,
                   const QByteArray &forwardedFor = {})
{
    HttpClient client(port);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!forwardedFor.isEmpty())
        headers.append({"X-Forwarded-For", forwardedFor});
    return client.post(QStringLiteral("/api/v1/auth/signin"),
                       {{QStringLiteral("username"), user}, {QStringLiteral("password"), password}},
                       headers);
}

} // namespace

class TestServerSignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void perNameLimitWithoutExistenceLeak()
    {
        TestServer server;
        // Blocks of 5 s (then 10 s): long enough that a loaded machine stays inside them.
        QVERIFY2(server.start(limits(100, 5)), qPrintable(server.lastError()));
        QVERIFY(addTeam(server, QStringLiteral("north")));
        QVERIFY(addUser(server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        // the same for a user who exists and one who does not
        for (const QString &user : {QStringLiteral("alice"), QStringLiteral("nobody")}) {
            for (int i = 0; i < 3; ++i) {
                const HttpResult r = attempt(server.port(), user, QStringLiteral("wrong-pass"));
                QCOMPARE(r.status, 401);
                QCOMPARE(r.errorCode(), QStringLiteral("bad_credentials"));
            }
            const HttpResult blocked = attempt(server.port(), user, QStringLiteral("wrong-pass"));
            QCOMPARE(blocked.status, 429);
            QCOMPARE(blocked.errorCode(), QStringLiteral("too_many_attempts"));
            QVERIFY2(retryAfter(blocked) >= 1 && retryAfter(blocked) <= 5,
                     blocked.body.constData());
            QVERIFY(blocked.json()
                        .value(QStringLiteral("message"))
                        .toString()
                        .contains(QStringLiteral("try again in %1 s").arg(retryAfter(blocked))));
            // blocked means blocked: the right password too, and case does not escape it
            if (user == QStringLiteral("alice")) {
                QCOMPARE(attempt(server.port(), user, password(user)).status, 429);
                QCOMPARE(
                    attempt(server.port(), QStringLiteral("ALICE"), QStringLiteral("x")).status,
                    429);
            }
        }
        QTest::qWait(5100);
        // the block is over; one more failure blocks again, for twice as long
        QCOMPARE(attempt(server.port(), QStringLiteral("nobody"), QStringLiteral("x")).status, 401);
        const HttpResult again =
            attempt(server.port(), QStringLiteral("nobody"), QStringLiteral("x"));
        QCOMPARE(again.status, 429);
        QVERIFY2(retryAfter(again) > 5 && retryAfter(again) <= 10, again.body.constData());
        // a success clears the name's counter: two failures later it is not blocked
        const HttpResult ok =
            attempt(server.port(), QStringLiteral("alice"), password(QStringLiteral("alice")));
        QCOMPARE(ok.status, 200);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(attempt(server.port(), QStringLiteral("alice"), QStringLiteral("x")).status,
                     401);
        QCOMPARE(attempt(server.port(), QStringLiteral("alice"), password(QStringLiteral("alice")))
                     .status,
                 200);
        // refusals are logged, the passwords never
        const QByteArray log = server.serverOutput();
        QVERIFY(log.contains("sign-in blocked"));
        QVERIFY(!log.contains(password(QStringLiteral("alice")).toUtf8()));
        QVERIFY(!log.contains("wrong-pass"));
    }

    void perAddressLimitAndProxies()
    {
        TestServer server;
        // 127.0.0.2 is trusted, the loopback peer 127.0.0.1 is not.
        QVERIFY2(server.start(limits(6, 60, {QStringLiteral("127.0.0.2")})),
                 qPrintable(server.lastError()));
        // six names, one failure each, from one address: the address is blocked after six
        for (int i = 0; i < 6; ++i) {
            const QString user = QStringLiteral("guess%1").arg(i);
            QCOMPARE(attempt(server.port(), user, QStringLiteral("x")).status, 401);
        }
        const HttpResult blocked =
            attempt(server.port(), QStringLiteral("fresh"), QStringLiteral("x"));
        QCOMPARE(blocked.status, 429);
        QCOMPARE(blocked.errorCode(), QStringLiteral("too_many_attempts"));
        // X-Forwarded-For from an untrusted peer is ignored: no way around the block
        QCOMPARE(attempt(server.port(), QStringLiteral("fresh"), QStringLiteral("x"), "203.0.113.9")
                     .status,
                 429);
        // the counter lives in the database: a restarted server still blocks
        server.kill();
        QVERIFY(server.serve());
        QCOMPARE(attempt(server.port(), QStringLiteral("fresh"), QStringLiteral("x")).status, 429);
    }

    void trustedProxyNamesTheClient()
    {
        TestServer server;
        QVERIFY2(server.start(limits(6, 60, {QStringLiteral("127.0.0.1")})),
                 qPrintable(server.lastError()));
        // behind a trusted proxy each client address has its own counter
        for (int i = 0; i < 6; ++i)
            QCOMPARE(attempt(server.port(), QStringLiteral("g%1").arg(i), QStringLiteral("x"),
                             "198.51.100.7")
                         .status,
                     401);
        QCOMPARE(
            attempt(server.port(), QStringLiteral("h"), QStringLiteral("x"), "198.51.100.7").status,
            429);
        // another client through the same proxy is not blocked; the last hop counts, not a
        // forged first one
        QCOMPARE(attempt(server.port(), QStringLiteral("h"), QStringLiteral("x"),
                         "198.51.100.7, 198.51.100.8")
                     .status,
                 401);
        // IPv6 clients count per /64
        for (int i = 0; i < 6; ++i)
            QCOMPARE(attempt(server.port(), QStringLiteral("v%1").arg(i), QStringLiteral("x"),
                             QByteArray("2001:db8:1:2::") + QByteArray::number(i + 1))
                         .status,
                     401);
        QCOMPARE(
            attempt(server.port(), QStringLiteral("w"), QStringLiteral("x"), "2001:db8:1:2:ffff::1")
                .status,
            429);
        QCOMPARE(attempt(server.port(), QStringLiteral("w"), QStringLiteral("x"), "2001:db8:1:3::1")
                     .status,
                 401);
    }

    void badConfigIsRefused()
    {
        TestServer server;
        QVERIFY(!server.init({{QStringLiteral("auth"),
                               QJsonObject{{QStringLiteral("trusted_proxies"),
                                            QJsonArray{QStringLiteral("not-an-address")}}}}}));
        QVERIFY(server.lastError().contains(QStringLiteral("trusted_proxies")));
    }
};

QTEST_GUILESS_MAIN(TestServerSignIn)
#include "tst_serversignin.moc"
