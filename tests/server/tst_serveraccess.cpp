// Every endpoint checks who is asking. The test walks the router's own list of routes
// (`outpost-server routes --json`, so a new route is covered the day it is added) against the
// real server: without a token every non-public route answers 401 unauthenticated, with a
// revoked device's token 401 device_revoked, with a collector's token every supervisor or
// admin route 403 (or 404), with a supervisor's token every admin route 403; each refusal is
// logged ("refused <status> <code>: <method> <path>"). The public routes are exactly the
// known few.
#include <QtTest>

#include <QJsonDocument>

#include "syncclient.h"

using namespace testsupport;

namespace {

struct RouteInfo
{
    QByteArray method;
    QString pattern;
    QString access; // public, device, supervisor, admin
};

} // namespace

class TestServerAccess : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QList<RouteInfo> m_routes;
    QString m_recordId;   // a finalized record of the team (review)
    QString m_conflictId; // an open conflict of the team (resolve)

    // The route's pattern with real ids of the team, so that a refusal is about the role.
    QString concrete(const QString &pattern) const
    {
        QString path = pattern;
        if (pattern.startsWith(QStringLiteral("/api/v1/records/")))
            path.replace(QStringLiteral("{id}"), m_recordId);
        else if (pattern.startsWith(QStringLiteral("/api/v1/conflicts/")))
            path.replace(QStringLiteral("{id}"), m_conflictId);
        else if (pattern.startsWith(QStringLiteral("/api/v1/forms/")))
            path.replace(QStringLiteral("{id}"), QStringLiteral("household"));
        else
            path.replace(QStringLiteral("{id}"),
                         QUuid::createUuid().toString(QUuid::WithoutBraces));
        return path;
    }

    HttpResult call(HttpClient &client, const RouteInfo &route, const QString &path)
    {
        const bool hasBody = route.method == "POST" || route.method == "PATCH";
        return client.request(route.method, path, hasBody ? QByteArray("{}") : QByteArray());
    }

    // Waits until the server logged a line with this text once more than `before` times.
    bool logged(const QByteArray &line, qsizetype before)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 5000) {
            if (m_server.serverOutput().count(line) > before)
                return true;
            QTest::qWait(20);
        }
        return false;
    }

    // Calls every route of the given access levels with client; each must be refused with one
    // of the statuses (and the code, when given; HEAD answers carry no body), and logged.
    void expectRefusals(HttpClient &client, const QStringList &accessLevels,
                        const QList<int> &statuses, const QString &code)
    {
        int walked = 0;
        for (const RouteInfo &route : std::as_const(m_routes)) {
            if (!accessLevels.contains(route.access))
                continue;
            ++walked;
            const QString path = concrete(route.pattern);
            const QByteArray where = route.method + ' ' + path.toUtf8();
            const QByteArray suffix = ": " + where + " from";
            const qsizetype before = m_server.serverOutput().count(suffix);
            const HttpResult r = call(client, route, path);
            QVERIFY2(statuses.contains(r.status), qPrintable(QStringLiteral("%1 answered %2 %3")
                                                                 .arg(QString::fromUtf8(where))
                                                                 .arg(r.status)
                                                                 .arg(QString::fromUtf8(r.body))));
            if (!code.isEmpty() && route.method != "HEAD")
                QVERIFY2(r.errorCode() == code,
                         qPrintable(QString::fromUtf8(where + " " + r.body)));
            const QByteArray line = "refused " + QByteArray::number(r.status) + ' ' +
                                    (code.isEmpty() ? r.errorCode().toUtf8() : code.toUtf8()) +
                                    suffix;
            QVERIFY2(logged(suffix, before) && m_server.serverOutput().contains(line),
                     line.constData());
        }
        QVERIFY(walked > 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        for (const auto &[user, role] :
             {std::pair{"col", "collector"}, std::pair{"col2", "collector"},
              std::pair{"sup", "supervisor"}, std::pair{"adm", "admin"}})
            QVERIFY(addUser(m_server, QString::fromLatin1(user), QStringLiteral("north"),
                            QString::fromLatin1(role)));
        QVERIFY(publishForm(m_server, QStringLiteral("household"), QStringLiteral("manual"),
                            QStringLiteral("north"), QStringLiteral("team")));
        HttpClient col(m_server.port());
        col.setToken(signIn(m_server.port(), QStringLiteral("col")).token);
        HttpClient col2(m_server.port());
        col2.setToken(signIn(m_server.port(), QStringLiteral("col2")).token);
        const qint64 conflict = openManualConflict(col, col2, QStringLiteral("household"));
        QVERIFY(conflict > 0);
        m_conflictId = QString::number(conflict);
        const QUuid record = createFinalized(col, QStringLiteral("household"));
        QVERIFY(!record.isNull());
        m_recordId = record.toString(QUuid::WithoutBraces);

        const auto listed = m_server.admin({QStringLiteral("routes"), QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 0);
        for (const auto &value : QJsonDocument::fromJson(listed.out).array()) {
            const QJsonObject o = value.toObject();
            m_routes.append({o.value(QStringLiteral("method")).toString().toLatin1(),
                             o.value(QStringLiteral("path")).toString(),
                             o.value(QStringLiteral("access")).toString()});
        }
        QVERIFY2(m_routes.size() >= 19, listed.out.constData());
    }

    // A new public route must be added here on purpose.
    void publicRoutesAreTheKnownOnes()
    {
        QStringList publicRoutes;
        for (const RouteInfo &route : std::as_const(m_routes)) {
            QVERIFY2(QStringList({QStringLiteral("public"), QStringLiteral("device"),
                                  QStringLiteral("supervisor"), QStringLiteral("admin")})
                         .contains(route.access),
                     qPrintable(route.pattern));
            if (route.access == QStringLiteral("public"))
                publicRoutes.append(QString::fromLatin1(route.method) + QLatin1Char(' ') +
                                    route.pattern);
        }
        publicRoutes.sort();
        QCOMPARE(publicRoutes, QStringList({QStringLiteral("GET /healthz"),
                                            QStringLiteral("OPTIONS /api/v1/uploads"),
                                            QStringLiteral("OPTIONS /api/v1/uploads/{id}"),
                                            QStringLiteral("POST /api/v1/auth/refresh"),
                                            QStringLiteral("POST /api/v1/auth/signin")}));
    }

    void noTokenIs401Everywhere()
    {
        HttpClient anonymous(m_server.port());
        expectRefusals(
            anonymous,
            {QStringLiteral("device"), QStringLiteral("supervisor"), QStringLiteral("admin")},
            {401}, QStringLiteral("unauthenticated"));
    }

    void forgedTokenIs401Everywhere()
    {
        HttpClient forged(m_server.port());
        forged.setToken(QStringLiteral("Zm9yZ2VkLXRva2VuLXRoYXQtbm9ib2R5LWlzc3VlZA"));
        expectRefusals(
            forged,
            {QStringLiteral("device"), QStringLiteral("supervisor"), QStringLiteral("admin")},
            {401}, QStringLiteral("invalid_token"));
    }

    void collectorIsRefusedSupervisorAndAdminRoutes()
    {
        HttpClient col(m_server.port());
        col.setToken(signIn(m_server.port(), QStringLiteral("col")).token);
        expectRefusals(col, {QStringLiteral("supervisor"), QStringLiteral("admin")}, {403, 404},
                       QString());
    }

    void supervisorIsRefusedAdminRoutes()
    {
        HttpClient sup(m_server.port());
        sup.setToken(signIn(m_server.port(), QStringLiteral("sup")).token);
        expectRefusals(sup, {QStringLiteral("admin")}, {403}, QStringLiteral("forbidden"));
        // and the refusals above are about roles: the right role gets through
        for (const RouteInfo &route : std::as_const(m_routes)) {
            if (route.access == QStringLiteral("supervisor") && route.method == "GET")
                QCOMPARE(call(sup, route, concrete(route.pattern)).status, 200);
        }
        HttpClient adm(m_server.port());
        adm.setToken(signIn(m_server.port(), QStringLiteral("adm")).token);
        QCOMPARE(adm.get(QStringLiteral("/api/v1/audit")).status, 200);
    }

    // Last: a revoked device is told so, distinctly, on every endpoint (and refresh).
    void revokedDeviceIs401DeviceRevokedEverywhere()
    {
        const Device device = signIn(m_server.port(), QStringLiteral("sup"));
        QCOMPARE(
            m_server.admin({QStringLiteral("device"), QStringLiteral("revoke"), device.deviceId})
                .exitCode,
            0);
        HttpClient revoked(m_server.port());
        revoked.setToken(device.token);
        expectRefusals(
            revoked,
            {QStringLiteral("device"), QStringLiteral("supervisor"), QStringLiteral("admin")},
            {401}, QStringLiteral("device_revoked"));
        HttpClient anonymous(m_server.port());
        const HttpResult refresh =
            anonymous.post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), device.refreshToken}});
        QCOMPARE(refresh.status, 401);
        QCOMPARE(refresh.errorCode(), QStringLiteral("device_revoked"));
    }
};

QTEST_GUILESS_MAIN(TestServerAccess)
#include "tst_serveraccess.moc"
