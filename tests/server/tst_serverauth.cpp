// Identity through the real server: sign-in, bearer tokens (unknown, forged, expired),
// refresh (single use), revocation, remote wipe (410 until the device confirms, then
// revoked), and bad sign-in bodies. Every refusal is a 4xx JSON error.
#include <QtTest>

#include "syncclient.h"

using namespace testsupport;

class TestServerAuth : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start({{QStringLiteral("auth"),
                                  QJsonObject{{QStringLiteral("access_token_ttl_s"), 4}}}}),
                 qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        QVERIFY(addUser(m_server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
    }

    void signInAndMe()
    {
        const Device device = signIn(m_server.port(), QStringLiteral("alice"));
        QVERIFY(!device.token.isEmpty());
        QVERIFY(!QUuid::fromString(device.deviceId).isNull());
        HttpClient client(m_server.port());
        client.setToken(device.token);
        const HttpResult me = client.get(QStringLiteral("/api/v1/me"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        const QJsonObject team =
            me.json().value(QStringLiteral("teams")).toArray().first().toObject();
        QCOMPARE(team.value(QStringLiteral("name")).toString(), QStringLiteral("north"));
        QCOMPARE(team.value(QStringLiteral("role")).toString(), QStringLiteral("collector"));
    }

    void wrongCredentialsAre401()
    {
        HttpClient client(m_server.port());
        for (const auto &[user, pass] :
             {std::pair{QStringLiteral("alice"), QStringLiteral("wrong-password")},
              std::pair{QStringLiteral("nobody"), QStringLiteral("whatever-pass")}}) {
            const HttpResult result = client.post(
                QStringLiteral("/api/v1/auth/signin"),
                {{QStringLiteral("username"), user}, {QStringLiteral("password"), pass}});
            QCOMPARE(result.status, 401);
            QCOMPARE(result.errorCode(), QStringLiteral("bad_credentials"));
        }
    }

    void badSignInBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("not json") << QByteArray("{nope") << 400 << "invalid_json";
        QTest::newRow("array") << QByteArray("[1,2]") << 400 << "invalid_json";
        QTest::newRow("empty") << QByteArray() << 400 << "invalid_json";
        QTest::newRow("missing password")
            << QByteArray(R"({"username":"alice"})") << 400 << "invalid_request";
        QTest::newRow("wrong type")
            << QByteArray(R"({"username":1,"password":"x"})") << 400 << "invalid_request";
        QTest::newRow("unknown member")
            << QByteArray(R"({"username":"alice","password":"x","admin":true})") << 400
            << "invalid_request";
    }

    void badSignInBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        HttpClient client(m_server.port());
        const HttpResult result =
            client.request("POST", QStringLiteral("/api/v1/auth/signin"), body);
        QCOMPARE(result.status, status);
        QCOMPARE(result.errorCode(), code);
    }

    void missingOrForgedTokensAre401()
    {
        HttpClient client(m_server.port());
        HttpResult result = client.get(QStringLiteral("/api/v1/pull"));
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("unauthenticated"));
        client.setToken(QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        result = client.get(QStringLiteral("/api/v1/pull"));
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("invalid_token"));
        // a refresh token is not an access token
        const Device device = signIn(m_server.port(), QStringLiteral("alice"));
        client.setToken(device.refreshToken);
        QCOMPARE(client.get(QStringLiteral("/api/v1/pull")).errorCode(),
                 QStringLiteral("invalid_token"));
    }

    void expiredTokenThenRefresh()
    {
        const Device device = signIn(m_server.port(), QStringLiteral("alice"));
        HttpClient client(m_server.port());
        client.setToken(device.token);
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 200);
        QTest::qWait(4500);
        const HttpResult expired = client.get(QStringLiteral("/api/v1/me"));
        QCOMPARE(expired.status, 401);
        QCOMPARE(expired.errorCode(), QStringLiteral("token_expired"));

        HttpClient anonymous(m_server.port());
        const HttpResult refreshed =
            anonymous.post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), device.refreshToken}});
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(refreshed.json().value(QStringLiteral("device_id")).toString(), device.deviceId);
        client.setToken(refreshed.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 200);
        // single use
        const HttpResult again =
            anonymous.post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), device.refreshToken}});
        QCOMPARE(again.status, 401);
        QCOMPARE(again.errorCode(), QStringLiteral("invalid_token"));
    }

    void revokedDeviceIsRefused()
    {
        const Device device = signIn(m_server.port(), QStringLiteral("alice"));
        QCOMPARE(
            m_server.admin({QStringLiteral("device"), QStringLiteral("revoke"), device.deviceId})
                .exitCode,
            0);
        HttpClient client(m_server.port());
        client.setToken(device.token);
        const HttpResult result = client.get(QStringLiteral("/api/v1/pull"));
        QCOMPARE(result.status, 401);
        QVERIFY(result.errorCode() == QStringLiteral("invalid_token") ||
                result.errorCode() == QStringLiteral("device_revoked"));
        const HttpResult refresh =
            client.post(QStringLiteral("/api/v1/auth/refresh"),
                        {{QStringLiteral("refresh_token"), device.refreshToken}});
        QCOMPARE(refresh.status, 401);
        QCOMPARE(m_server
                     .admin({QStringLiteral("device"), QStringLiteral("revoke"),
                             QUuid::createUuid().toString(QUuid::WithoutBraces)})
                     .exitCode,
                 1);
    }

    void wipeThenConfirmRevokes()
    {
        const Device device = signIn(m_server.port(), QStringLiteral("alice"));
        QCOMPARE(m_server.admin({QStringLiteral("device"), QStringLiteral("wipe"), device.deviceId})
                     .exitCode,
                 0);
        HttpClient client(m_server.port());
        client.setToken(device.token);
        for (const QString &path : {QStringLiteral("/api/v1/pull"), QStringLiteral("/api/v1/me")}) {
            const HttpResult result = client.get(path);
            QCOMPARE(result.status, 410);
            QCOMPARE(result.errorCode(), QStringLiteral("wipe_required"));
        }
        const HttpResult confirm = client.post(QStringLiteral("/api/v1/device/wipe-confirm"), {});
        QCOMPARE(confirm.status, 200);
        const HttpResult after = client.get(QStringLiteral("/api/v1/pull"));
        QCOMPARE(after.status, 401);
        const auto list = m_server.admin({QStringLiteral("device"), QStringLiteral("list")});
        QVERIFY(list.out.contains(device.deviceId.toUtf8() + "\talice\ttest device\twiped"));
    }

    void passwordChange()
    {
        QCOMPARE(
            m_server
                .admin({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice")},
                       "a-brand-new-password\n")
                .exitCode,
            0);
        HttpClient client(m_server.port());
        const HttpResult result =
            client.post(QStringLiteral("/api/v1/auth/signin"),
                        {{QStringLiteral("username"), QStringLiteral("alice")},
                         {QStringLiteral("password"), QStringLiteral("a-brand-new-password")}});
        QCOMPARE(result.status, 200);
        QCOMPARE(
            m_server
                .admin({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice")},
                       password(QStringLiteral("alice")).toUtf8() + "\n")
                .exitCode,
            0);
    }

    void secretsAreNotLogged()
    {
        const QByteArray output = m_server.serverOutput();
        QVERIFY(!output.contains(password(QStringLiteral("alice")).toUtf8()));
        QVERIFY(!output.contains("a-brand-new-password"));
    }
};

QTEST_GUILESS_MAIN(TestServerAuth)
#include "tst_serverauth.moc"
