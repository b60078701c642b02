// Hostile requests against the running server, one table: broken JSON, wrong types, huge
// numbers and strings, deep nesting, unknown members, SQL-looking strings, path tricks in ids
// (../, %2e%2e, NUL, backslashes, very long), wrong content types, missing and forged tokens,
// another team's ids. Each row is sent as raw bytes (so nothing normalises the path) and must
// get its status and error code; afterwards every table of the database has the same digest as
// before (read directly, SQLite file or PostgreSQL tables) and /healthz still answers.
// Cases already covered elsewhere are not repeated: sign-in bodies and forged tokens on pull
// (tst_serverauth), batch limits and bad push bodies, another team's push/pull/review
// (tst_serverpush), cursors and limits (tst_serverpull), tus refusals (tst_serverupload),
// HTTP framing and random garbage (tst_serverhttp).
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>

#include "hostilecases.h"
#include "serverdigest.h"
#include "syncclient.h"

using namespace testsupport;
using outpost::OperationKind;

namespace {

struct Reply
{
    int status = 0;
    QByteArray body;
    QString code() const
    {
        const QJsonObject json = QJsonDocument::fromJson(body).object();
        if (json.contains(QStringLiteral("code")))
            return json.value(QStringLiteral("code")).toString();
        // a push judged per op: the first op's rejection code
        return json.value(QStringLiteral("results"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }
};

Reply parse(const QByteArray &raw)
{
    Reply reply;
    const qsizetype headEnd = raw.indexOf("\r\n\r\n");
    const QList<QByteArray> statusLine = raw.left(raw.indexOf("\r\n")).split(' ');
    if (statusLine.size() >= 2)
        reply.status = statusLine.at(1).toInt();
    if (headEnd >= 0)
        reply.body = raw.mid(headEnd + 4);
    return reply;
}

} // namespace

class TestServerHostile : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QMap<Who, QByteArray> m_tokens;
    QString m_record;   // north's record (alice's)
    QString m_conflict; // an open conflict on it

    QByteArray authorization(Who who) const
    {
        switch (who) {
        case Nobody:
            return {};
        case Forged:
            return "Authorization: Bearer " + QByteArray(43, 'A') + "\r\n";
        default:
            return "Authorization: Bearer " + m_tokens.value(who) + "\r\n";
        }
    }

    QByteArray expand(QByteArray text) const
    {
        return text.replace("{R}", m_record.toLatin1()).replace("{C}", m_conflict.toLatin1());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        QVERIFY(addTeam(m_server, QStringLiteral("south")));
        QVERIFY(addUser(m_server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("bob"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("sue"), QStringLiteral("north"),
                        QStringLiteral("supervisor")));
        QVERIFY(addUser(m_server, QStringLiteral("ada"), QStringLiteral("north"),
                        QStringLiteral("admin")));
        QVERIFY(addUser(m_server, QStringLiteral("zed"), QStringLiteral("south"),
                        QStringLiteral("supervisor")));
        QVERIFY(publishForm(m_server, QStringLiteral("household"), QStringLiteral("manual"),
                            QStringLiteral("north"), QStringLiteral("team")));
        QVERIFY(publishForm(m_server, QStringLiteral("southform"), QStringLiteral("manual"),
                            QStringLiteral("south"), QStringLiteral("team")));
        const Device alice = signIn(m_server.port(), QStringLiteral("alice"));
        const Device bob = signIn(m_server.port(), QStringLiteral("bob"));
        m_tokens.insert(Alice, alice.token.toLatin1());
        m_tokens.insert(RefreshToken, alice.refreshToken.toLatin1());
        m_tokens.insert(Sue, signIn(m_server.port(), QStringLiteral("sue")).token.toLatin1());
        m_tokens.insert(Ada, signIn(m_server.port(), QStringLiteral("ada")).token.toLatin1());
        m_tokens.insert(Zed, signIn(m_server.port(), QStringLiteral("zed")).token.toLatin1());
        for (const QByteArray &token : m_tokens)
            QVERIFY(!token.isEmpty());

        // A north record with an open conflict (alice and bob edit a from the same base).
        const QUuid id = QUuid::createUuid();
        HttpClient a(m_server.port());
        a.setToken(alice.token);
        HttpClient b(m_server.port());
        b.setToken(bob.token);
        QJsonArray r = push(a, {makeOp(OperationKind::Create, id, 0,
                                       {{QStringLiteral("a"), QStringLiteral("north secret")}})});
        const qint64 v1 = static_cast<qint64>(r.at(0)[QStringLiteral("version")].toDouble());
        QVERIFY(v1 > 0);
        push(b,
             {makeOp(OperationKind::Update, id, v1, {{QStringLiteral("a"), QStringLiteral("b")}})});
        r = push(a, {makeOp(OperationKind::Update, id, v1,
                            {{QStringLiteral("a"), QStringLiteral("c")}})});
        QCOMPARE(r.at(0)[QStringLiteral("status")].toString(), QStringLiteral("conflict"));
        m_record = id.toString(QUuid::WithoutBraces);
        m_conflict = QString::number(r.at(0)[QStringLiteral("conflict_id")].toInteger());
    }

    void hostileRequest_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("who");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        for (const HostileCase &c : hostileCases())
            QTest::newRow(c.name) << c.method << c.path << c.headers << c.body << int(c.who)
                                  << c.status << c.code;
    }

    void hostileRequest()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, body);
        QFETCH(int, who);
        QFETCH(int, status);
        QFETCH(QString, code);
        QString error;
        const auto before = databaseDigest(m_server, &error);
        QVERIFY2(!before.isEmpty(), qPrintable(error));

        const QByteArray request =
            method + ' ' + expand(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Connection: close\r\n" + authorization(Who(who)) + headers +
            "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        const Reply reply = parse(HttpClient::raw(m_server.port(), request, 15000));
        QVERIFY2(reply.status == status,
                 qPrintable(QStringLiteral("HTTP %1: %2")
                                .arg(reply.status)
                                .arg(QString::fromUtf8(reply.body.left(300)))));
        if (!code.isEmpty())
            QCOMPARE(reply.code(), code);
        QVERIFY(!reply.body.contains("north secret") || Who(who) == Sue);

        const auto after = databaseDigest(m_server, &error);
        QVERIFY2(!after.isEmpty(), qPrintable(error));
        QStringList changed = changedTables(before, after);
        if (status == 200) {
            // A push judged per op: the op's refusal is remembered (applied_ops), so that a
            // replay gets the same answer, and a version number may have been drawn (counters;
            // versions only grow, gaps are allowed). Nothing else may change.
            changed.removeAll(QStringLiteral("applied_ops"));
            changed.removeAll(QStringLiteral("counters"));
        }
        QVERIFY2(changed.isEmpty(), qPrintable(QStringLiteral("changed: ") + changed.join(u',')));
        HttpClient health(m_server.port());
        QCOMPARE(health.get(QStringLiteral("/healthz")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestServerHostile)
#include "tst_serverhostile.moc"
