// outpost-cli end to end against the real server: enroll, create/update/delete, list/show
// --json, sync; attach/uploads/pause/resume/download; and a device process SIGKILLed
// mid-pull that resumes at its saved cursor.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include "syncfixture.h"

using namespace synctest;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

} // namespace

class TestSyncCli : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QTemporaryDir m_dir;

    QProcessEnvironment env(const QString &user = QStringLiteral("alice"))
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("OUTPOST_PASSPHRASE"), QStringLiteral("cli passphrase"));
        e.insert(QStringLiteral("OUTPOST_PASSWORD"), password(user));
        e.insert(QStringLiteral("OUTPOST_INSECURE_FAST_KDF"), QStringLiteral("1"));
        e.insert(QStringLiteral("OUTPOST_SYNC_BACKOFF_MAX_MS"), QStringLiteral("300"));
        return e;
    }

    Run cli(const QString &device, const QStringList &args, const QProcessEnvironment &environment)
    {
        QProcess p;
        p.setProcessEnvironment(environment);
        p.start(QStringLiteral(OUTPOST_CLI_BINARY),
                QStringList{QStringLiteral("--store"), m_dir.path() + QLatin1Char('/') + device,
                            QStringLiteral("--json")} +
                    args);
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(setUpServer(m_server));
        QVERIFY(publishFilesForm(m_server));
    }

    void recordsRoundTrip()
    {
        const auto e = env();
        Run r = cli(QStringLiteral("d1"),
                    {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                     QStringLiteral("--user"), QStringLiteral("alice")},
                    e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.json().value(QStringLiteral("device_id")).toString().isEmpty());
        r = cli(QStringLiteral("d1"),
                {QStringLiteral("create"), QStringLiteral("--form"), QStringLiteral("lww"),
                 QStringLiteral("--values"), QStringLiteral(R"({"a":"x","b":1})")},
                e);
        QCOMPARE(r.exitCode, 0);
        const QString id = r.json().value(QStringLiteral("id")).toString();
        r = cli(QStringLiteral("d1"),
                {QStringLiteral("update"), id, QStringLiteral("--values"),
                 QStringLiteral(R"({"b":2})")},
                e);
        QCOMPARE(r.exitCode, 0);
        const QString gone =
            cli(QStringLiteral("d1"),
                {QStringLiteral("create"), QStringLiteral("--form"), QStringLiteral("lww")}, e)
                .json()
                .value(QStringLiteral("id"))
                .toString();
        r = cli(QStringLiteral("d1"), {QStringLiteral("sync"), QStringLiteral("--until-idle")}, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("pending_ops")).toInt(), 0);
        QCOMPARE(cli(QStringLiteral("d1"), {QStringLiteral("delete"), gone}, e).exitCode, 0);
        QCOMPARE(cli(QStringLiteral("d1"), {QStringLiteral("sync")}, e).exitCode, 0);

        const auto e2 = env(QStringLiteral("bob"));
        QCOMPARE(cli(QStringLiteral("d2"),
                     {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                      QStringLiteral("--user"), QStringLiteral("bob")},
                     e2)
                     .exitCode,
                 0);
        QCOMPARE(cli(QStringLiteral("d2"), {QStringLiteral("sync")}, e2).exitCode, 0);
        r = cli(QStringLiteral("d2"), {QStringLiteral("list")}, e2);
        const QJsonArray records = r.json().value(QStringLiteral("records")).toArray();
        QCOMPARE(records.size(), 1);
        r = cli(QStringLiteral("d2"), {QStringLiteral("show"), id}, e2);
        QCOMPARE(
            r.json().value(QStringLiteral("values")).toObject(),
            (QJsonObject{{QStringLiteral("a"), QStringLiteral("x")}, {QStringLiteral("b"), 2}}));
        QCOMPARE(r.json().value(QStringLiteral("sync_status")).toString(),
                 QStringLiteral("synced"));
        r = cli(QStringLiteral("d2"), {QStringLiteral("status")}, e2);
        QCOMPARE(r.json().value(QStringLiteral("phase")).toString(), QStringLiteral("idle"));
    }

    // An op the server refuses stays visible (rejected) until `dismiss` drops it.
    void rejectedOpIsDismissed()
    {
        const auto e = env();
        QCOMPARE(cli(QStringLiteral("d5"),
                     {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                      QStringLiteral("--user"), QStringLiteral("alice")},
                     e)
                     .exitCode,
                 0);
        Run r = cli(QStringLiteral("d5"),
                    {QStringLiteral("create"), QStringLiteral("--form"), QStringLiteral("no_such"),
                     QStringLiteral("--values"), QStringLiteral(R"({"a":"x"})")},
                    e);
        QCOMPARE(r.exitCode, 0);
        cli(QStringLiteral("d5"), {QStringLiteral("sync")}, e);
        r = cli(QStringLiteral("d5"), {QStringLiteral("rejected")}, e);
        const QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 1);
        const QString opId = rejected.first().toObject().value(QStringLiteral("op_id")).toString();
        QVERIFY(!rejected.first().toObject().value(QStringLiteral("reason")).toString().isEmpty());
        QCOMPARE(cli(QStringLiteral("d5"), {QStringLiteral("dismiss")}, e).exitCode, 2);
        r = cli(QStringLiteral("d5"), {QStringLiteral("dismiss"), opId}, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("dismissed")).toArray().size(), 1);
        r = cli(QStringLiteral("d5"), {QStringLiteral("rejected")}, e);
        QCOMPARE(r.json().value(QStringLiteral("rejected")).toArray().size(), 0);
        QCOMPARE(cli(QStringLiteral("d5"), {QStringLiteral("dismiss"), opId}, e).exitCode, 1);
        QCOMPARE(cli(QStringLiteral("d5"), {QStringLiteral("dismiss"), QStringLiteral("--all")}, e)
                     .exitCode,
                 0);
    }

    void secretsNeverInArgvOrClearOnDisk()
    {
        auto e = env();
        e.remove(QStringLiteral("OUTPOST_PASSPHRASE"));
        Run r = cli(QStringLiteral("d1"), {QStringLiteral("status")}, e);
        QCOMPARE(r.exitCode, 1); // no passphrase, no store
        // The token and passphrase are nowhere in clear in the store directory.
        QDirIterator it(m_dir.path() + QStringLiteral("/d1"), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY(!bytes.contains("cli passphrase"));
            QVERIFY(!bytes.contains("auth.access_token"));
            QVERIFY(!bytes.contains(password(QStringLiteral("alice")).toUtf8()));
        }
    }

    // A device process killed (SIGKILL) in the middle of a long pull resumes from its saved
    // cursor: it ends with every record and its cursor only ever moved forward.
    void killedMidPullResumes()
    {
        const auto e = env();
        QCOMPARE(cli(QStringLiteral("w"),
                     {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                      QStringLiteral("--user"), QStringLiteral("alice")},
                     e)
                     .exitCode,
                 0);
        {
            TestDevice writer;
            QVERIFY(writer.enroll(m_server.port(), QStringLiteral("alice")));
            for (int i = 0; i < 1500; ++i)
                writer.create(QStringLiteral("lww"), {{QStringLiteral("b"), i}});
            QVERIFY(writer.syncUntilIdle(120000));
        }
        auto e2 = env(QStringLiteral("bob"));
        e2.insert(QStringLiteral("OUTPOST_SYNC_PULL_PAGE"), QStringLiteral("25"));
        QCOMPARE(cli(QStringLiteral("r"),
                     {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                      QStringLiteral("--user"), QStringLiteral("bob")},
                     e2)
                     .exitCode,
                 0);
        int kills = 0;
        QString lastCursor;
        for (int round = 0; round < 3; ++round) {
            QProcess p;
            p.setProcessEnvironment(e2);
            p.start(QStringLiteral(OUTPOST_CLI_BINARY),
                    {QStringLiteral("--store"), m_dir.path() + QStringLiteral("/r"),
                     QStringLiteral("sync")});
            QVERIFY(p.waitForStarted());
            QTest::qWait(250 + 150 * round);
            if (p.state() == QProcess::Running) {
                p.kill();
                ++kills;
            }
            p.waitForFinished();
            const Run s = cli(QStringLiteral("r"), {QStringLiteral("status")}, e2);
            const QString cursor = s.json().value(QStringLiteral("pull_cursor")).toString();
            const QByteArray decoded =
                QByteArray::fromBase64(cursor.toLatin1(), QByteArray::Base64UrlEncoding);
            const QByteArray previous =
                QByteArray::fromBase64(lastCursor.toLatin1(), QByteArray::Base64UrlEncoding);
            QVERIFY(decoded.mid(3).toLongLong() >= previous.mid(3).toLongLong());
            lastCursor = cursor;
        }
        qInfo("killed the device %d times mid-pull", kills);
        Run r =
            cli(QStringLiteral("r"), {QStringLiteral("sync"), QStringLiteral("--until-idle")}, e2);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli(QStringLiteral("r"),
                {QStringLiteral("list"), QStringLiteral("--form"), QStringLiteral("lww")}, e2);
        const QJsonArray records = r.json().value(QStringLiteral("records")).toArray();
        QSet<QString> ids;
        for (const auto &v : records)
            ids.insert(v.toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(ids.size(), records.size());
        QVERIFY2(records.size() >= 1500, qPrintable(QString::number(records.size())));
    }

    // attach, uploads, pause, resume, sync --until-idle (which waits for the upload), then a
    // second device's download; bad input changes nothing.
    void attachmentsThroughCli()
    {
        const auto e = env();
        QCOMPARE(cli(QStringLiteral("a1"),
                     {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                      QStringLiteral("--user"), QStringLiteral("alice")},
                     e)
                     .exitCode,
                 0);
        QCOMPARE(cli(QStringLiteral("a1"), {QStringLiteral("sync")}, e).exitCode, 0); // forms
        const QString record =
            cli(QStringLiteral("a1"),
                {QStringLiteral("create"), QStringLiteral("--form"), QStringLiteral("files")}, e)
                .json()
                .value(QStringLiteral("id"))
                .toString();
        QVERIFY(!record.isEmpty());
        QByteArray bytes(3 * 1024 * 1024 + 17, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 7919) >> 3);
        const QString path = m_dir.path() + QStringLiteral("/photo.bin");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();

        // A field that is not a photo/file field, a missing file, a missing record: refused.
        Run r = cli(QStringLiteral("a1"),
                    {QStringLiteral("attach"), record, QStringLiteral("a"), path}, e);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")),
                 QStringLiteral("invalid_field"));
        QCOMPARE(
            cli(QStringLiteral("a1"),
                {QStringLiteral("attach"), record, QStringLiteral("f"), path + QStringLiteral("x")},
                e)
                .exitCode,
            1);
        QCOMPARE(cli(QStringLiteral("a1"),
                     {QStringLiteral("attach"), QUuid::createUuid().toString(), QStringLiteral("f"),
                      path},
                     e)
                     .exitCode,
                 1);
        r = cli(QStringLiteral("a1"), {QStringLiteral("uploads")}, e);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QStringLiteral("transfers")).toArray().size(), 0);

        r = cli(QStringLiteral("a1"), {QStringLiteral("attach"), record, QStringLiteral("f"), path},
                e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString attachment = r.json().value(QStringLiteral("id")).toString();
        QCOMPARE(r.json().value(QStringLiteral("size")).toInteger(), bytes.size());
        r = cli(QStringLiteral("a1"), {QStringLiteral("uploads")}, e);
        QJsonArray transfers = r.json().value(QStringLiteral("transfers")).toArray();
        QCOMPARE(transfers.size(), 1);
        QCOMPARE(transfers[0].toObject().value(QStringLiteral("attachment_id")).toString(),
                 attachment);
        QCOMPARE(transfers[0].toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("waiting_for_record"));

        r = cli(QStringLiteral("a1"), {QStringLiteral("pause"), attachment}, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        r = cli(QStringLiteral("a1"), {QStringLiteral("resume"), attachment}, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(),
                 QStringLiteral("waiting_for_record"));
        QCOMPARE(cli(QStringLiteral("a1"), {QStringLiteral("resume"), attachment}, e).exitCode, 1);

        r = cli(QStringLiteral("a1"), {QStringLiteral("sync"), QStringLiteral("--until-idle")}, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("pending_bytes")).toInteger(), 0);
        QFile stored(m_server.dataDir() + QStringLiteral("/attachments/") + attachment);
        QVERIFY(stored.open(QIODevice::ReadOnly)); // --until-idle waited for the upload
        QCOMPARE(stored.readAll(), bytes);
        r = cli(QStringLiteral("a1"), {QStringLiteral("uploads")}, e);
        QCOMPARE(r.json().value(QStringLiteral("transfers")).toArray().size(), 0);

        const auto e2 = env(QStringLiteral("bob"));
        QCOMPARE(cli(QStringLiteral("b1"),
                     {QStringLiteral("enroll"), QStringLiteral("--server"), url(),
                      QStringLiteral("--user"), QStringLiteral("bob")},
                     e2)
                     .exitCode,
                 0);
        QCOMPARE(cli(QStringLiteral("b1"), {QStringLiteral("sync")}, e2).exitCode, 0);
        r = cli(QStringLiteral("b1"),
                {QStringLiteral("download"), QUuid::createUuid().toString(),
                 m_dir.path() + QStringLiteral("/none.bin")},
                e2);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")),
                 QStringLiteral("attachment_not_found"));
        QVERIFY(!QFile::exists(m_dir.path() + QStringLiteral("/none.bin")));
        const QString out = m_dir.path() + QStringLiteral("/fetched.bin");
        r = cli(QStringLiteral("b1"), {QStringLiteral("download"), attachment, out}, e2);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile fetched(out);
        QVERIFY(fetched.open(QIODevice::ReadOnly));
        QCOMPARE(fetched.readAll(), bytes);
        // Now on bob's device, encrypted: a second download reads it locally.
        QVERIFY(QFile::remove(out));
        QCOMPARE(
            cli(QStringLiteral("b1"), {QStringLiteral("download"), attachment, out}, e2).exitCode,
            0);
        QVERIFY(QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestSyncCli)
#include "tst_synccli.moc"
