// Identity through the real server: sign-in, bearer tokens (unknown, forged, expired),
// refresh (single use), revocation, remote wipe (410 until the device confirms, then
// revoked), and bad sign-in bodies. Every refusal is a 4xx JSON error. A revoked device is
// told device_revoked (not invalid_token); devices' last-seen times; tokens survive a
// SIGKILL and restart of the server.
#include <QtTest>

#include <QJsonDocument>

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
        QCOMPARE(result.errorCode(), QStringLiteral("device_revoked"));
        const HttpResult refresh =
            client.post(QStringLiteral("/api/v1/auth/refresh"),
                        {{QStringLiteral("refresh_token"), device.refreshToken}});
        QCOMPARE(refresh.status, 401);
        QCOMPARE(refresh.errorCode(), QStringLiteral("device_revoked"));
        // still revoked once its access token has expired (revocation is checked first)
        QTest::qWait(4500);
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).errorCode(),
                 QStringLiteral("device_revoked"));
        QCOMPARE(m_server
                     .admin({QStringLiteral("device"), QStringLiteral("revoke"),
                             QUuid::createUuid().toString(QUuid::WithoutBraces)})
                     .exitCode,
                 1);
    }

    // POST /api/v1/auth/signout: the calling device's access and refresh tokens stop working
    // (401 invalid_token everywhere, refresh included), the user's other devices go on, a
    // repeat answers the same, a bad body changes nothing, an expired token may still sign out.
    void signOutEndsTheDevicesTokens()
    {
        const Device device = signIn(m_server.port(), QStringLiteral("alice"));
        const Device other = signIn(m_server.port(), QStringLiteral("alice"));
        HttpClient client(m_server.port());
        client.setToken(device.token);
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 200);
        const QString signOut = QStringLiteral("/api/v1/auth/signout");

        // a body other than {} is refused, and the device is still signed in
        HttpResult r = client.post(signOut, {{QStringLiteral("everything"), true}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_request"));
        QCOMPARE(client.request("POST", signOut, "[1]").status, 400);
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 200);

        r = client.request("POST", signOut); // no body
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("signed_out"));
        for (const QString &path : {QStringLiteral("/api/v1/me"), QStringLiteral("/api/v1/pull")}) {
            r = client.get(path);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.errorCode(), QStringLiteral("invalid_token"));
        }
        QCOMPARE(
            client.post(QStringLiteral("/api/v1/push"), {{QStringLiteral("ops"), QJsonArray()}})
                .status,
            401);
        HttpClient anonymous(m_server.port());
        r = anonymous.post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), device.refreshToken}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_token"));
        // idempotent: the same token signs out again, with the same answer
        r = client.post(signOut, {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("signed_out"));
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 401);
        // only that device: alice's other device goes on
        HttpClient second(m_server.port());
        second.setToken(other.token);
        QCOMPARE(second.get(QStringLiteral("/api/v1/me")).status, 200);
        const auto list = m_server.admin({QStringLiteral("device"), QStringLiteral("list")});
        QVERIFY2(list.out.contains(device.deviceId.toUtf8() + "\talice\ttest device\tsigned_out"),
                 list.out.constData());
        QVERIFY(list.out.contains(other.deviceId.toUtf8() + "\talice\ttest device\tactive"));
        // no token, another's refresh token, a forged one: 401, nothing signed out
        anonymous.setToken({});
        QCOMPARE(anonymous.post(signOut, {}).errorCode(), QStringLiteral("unauthenticated"));
        anonymous.setToken(other.refreshToken);
        QCOMPARE(anonymous.post(signOut, {}).errorCode(), QStringLiteral("invalid_token"));
        QCOMPARE(second.get(QStringLiteral("/api/v1/me")).status, 200);

        // an expired access token may still sign out (it only takes rights away)
        QTest::qWait(4500);
        QCOMPARE(second.get(QStringLiteral("/api/v1/me")).errorCode(),
                 QStringLiteral("token_expired"));
        QCOMPARE(second.post(signOut, {}).status, 200);
        r = anonymous.post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), other.refreshToken}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_token"));
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
        QCOMPARE(after.errorCode(), QStringLiteral("device_revoked"));
        const auto list = m_server.admin({QStringLiteral("device"), QStringLiteral("list")});
        QVERIFY(list.out.contains(device.deviceId.toUtf8() + "\talice\ttest device\twiped"));
    }

    // The device list says when each device was last seen: at sign-in, then on requests (at
    // most once per auth.last_seen_interval_s; 1 s here).
    void lastSeenIsRecorded()
    {
        TestServer server;
        QVERIFY2(server.start({{QStringLiteral("auth"),
                                QJsonObject{{QStringLiteral("last_seen_interval_s"), 1}}}}),
                 qPrintable(server.lastError()));
        QVERIFY(addTeam(server, QStringLiteral("north")));
        QVERIFY(addUser(server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        const Device device = signIn(server.port(), QStringLiteral("alice"));
        auto lastSeen = [&] {
            const auto list = server.admin(
                {QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--json")});
            for (const auto &value : QJsonDocument::fromJson(list.out).array()) {
                const QJsonObject d = value.toObject();
                if (d.value(QStringLiteral("id")).toString() == device.deviceId)
                    return d.value(QStringLiteral("last_seen_at")).toString();
            }
            return QString();
        };
        const QString atSignIn = lastSeen();
        QVERIFY(QDateTime::fromString(atSignIn, Qt::ISODateWithMs).isValid());
        QTest::qWait(1200);
        HttpClient client(server.port());
        client.setToken(device.token);
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 200);
        const QString afterRequest = lastSeen();
        QVERIFY2(afterRequest > atSignIn,
                 qPrintable(atSignIn + QStringLiteral(" / ") + afterRequest));
        // within the interval a request writes nothing
        QCOMPARE(client.get(QStringLiteral("/api/v1/me")).status, 200);
        QCOMPARE(lastSeen(), afterRequest);
        // the text listing shows it as the fifth column
        const auto text = server.admin({QStringLiteral("device"), QStringLiteral("list")});
        QVERIFY2(text.out.contains(device.deviceId.toUtf8() + "\talice\ttest device\tactive\t" +
                                   afterRequest.toUtf8()),
                 text.out.constData());
    }

    // A server killed with SIGKILL and started again on the same data directory still knows
    // the tokens it issued: the access token works, the refresh token refreshes (once), and
    // the data pushed before the kill is there.
    void tokensSurviveSigkillRestart()
    {
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(addTeam(server, QStringLiteral("north")));
        QVERIFY(addUser(server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(publishForm(server, QStringLiteral("household"), QStringLiteral("manual"),
                            QStringLiteral("north")));
        const Device device = signIn(server.port(), QStringLiteral("alice"));
        const Device second = signIn(server.port(), QStringLiteral("alice"));
        QVERIFY(!device.token.isEmpty() && !second.token.isEmpty());
        const QUuid record = QUuid::createUuid();
        {
            HttpClient client(server.port());
            client.setToken(device.token);
            const QJsonArray r =
                push(client, {makeOp(outpost::OperationKind::Create, record, 0,
                                     {{QStringLiteral("a"), QStringLiteral("before kill")}})});
            QCOMPARE(r.at(0).toObject().value(QStringLiteral("status")).toString(),
                     QStringLiteral("applied"));
        }
        server.kill(); // SIGKILL: no clean shutdown
        QVERIFY2(server.serve(), qPrintable(server.lastError()));

        HttpClient client(server.port());
        client.setToken(device.token);
        const HttpResult me = client.get(QStringLiteral("/api/v1/me"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("device_id")).toString(), device.deviceId);
        const HttpResult page = client.get(QStringLiteral("/api/v1/pull"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains(record.toString(QUuid::WithoutBraces).toUtf8()));

        HttpClient anonymous(server.port());
        const HttpResult refreshed =
            anonymous.post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), second.refreshToken}});
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(refreshed.json().value(QStringLiteral("device_id")).toString(), second.deviceId);
        HttpClient renewed(server.port());
        renewed.setToken(refreshed.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(renewed.get(QStringLiteral("/api/v1/me")).status, 200);

        // killed again: the refreshed pair survives, the replaced one stays dead
        server.kill();
        QVERIFY2(server.serve(), qPrintable(server.lastError()));
        HttpClient afterSecondKill(server.port());
        afterSecondKill.setToken(refreshed.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(afterSecondKill.get(QStringLiteral("/api/v1/me")).status, 200);
        afterSecondKill.setToken(second.token);
        QCOMPARE(afterSecondKill.get(QStringLiteral("/api/v1/me")).errorCode(),
                 QStringLiteral("invalid_token"));
        HttpClient again(server.port());
        QCOMPARE(again
                     .post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), second.refreshToken}})
                     .errorCode(),
                 QStringLiteral("invalid_token"));
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
