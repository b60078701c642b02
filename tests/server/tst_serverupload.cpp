// Attachments over tus 1.0.0 through the real server: OPTIONS capabilities, creation bound to
// an attachment a record declared, an upload interrupted and resumed from HEAD's offset, a
// corrupt chunk answered 460 and discarded, a wrong offset 409, a whole file whose sha256
// differs from the declaration refused, termination, other teams refused, and downloads with
// Range.
#include <QtTest>

#include <QCryptographicHash>
#include <QJsonDocument>

#include "syncclient.h"

using namespace testsupport;
using outpost::OperationKind;

class TestServerUpload : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    Device m_alice;
    Device m_zed;

    HttpClient client(const Device &device)
    {
        HttpClient c(m_server.port());
        c.setToken(device.token);
        return c;
    }

    // Declares an attachment with the given bytes in a new record; returns its id.
    QString declare(const QByteArray &bytes, const QByteArray &declaredSha = {})
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray sha =
            declaredSha.isEmpty()
                ? QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()
                : declaredSha;
        const QJsonObject attachment{{QStringLiteral("id"), id},
                                     {QStringLiteral("sha256"), QString::fromLatin1(sha)},
                                     {QStringLiteral("size"), bytes.size()},
                                     {QStringLiteral("type"), QStringLiteral("image/jpeg")},
                                     {QStringLiteral("name"), QStringLiteral("photo.jpg")}};
        HttpClient c = client(m_alice);
        const QJsonArray r =
            push(c, {makeOp(OperationKind::Create, QUuid::createUuid(), 0,
                            {{QStringLiteral("photo"), attachment}}, QStringLiteral("survey"))});
        if (r.at(0).toObject().value(QStringLiteral("status")).toString() !=
            QStringLiteral("applied"))
            qWarning("declare failed: %s", QJsonDocument(r).toJson().constData());
        return id;
    }

    static QList<QPair<QByteArray, QByteArray>>
    tusHeaders(QList<QPair<QByteArray, QByteArray>> extra = {})
    {
        extra.append(qMakePair(QByteArray("Tus-Resumable"), QByteArray("1.0.0")));
        return extra;
    }

    HttpResult create(HttpClient &c, const QString &id, qint64 length)
    {
        return c.request(
            "POST", QStringLiteral("/api/v1/uploads"), {},
            tusHeaders({{"Upload-Length", QByteArray::number(length)},
                        {"Upload-Metadata", "attachment_id " + id.toLatin1().toBase64() +
                                                ",filename " + QByteArray("p.jpg").toBase64()}}));
    }

    HttpResult patch(HttpClient &c, const QString &id, qint64 offset, const QByteArray &chunk,
                     const QByteArray &checksum = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers{
            {"Content-Type", "application/offset+octet-stream"},
            {"Upload-Offset", QByteArray::number(offset)}};
        if (!checksum.isEmpty())
            headers.append(qMakePair(QByteArray("Upload-Checksum"), checksum));
        return c.request("PATCH", QStringLiteral("/api/v1/uploads/%1").arg(id), chunk,
                         tusHeaders(headers));
    }

    qint64 offsetOf(HttpClient &c, const QString &id)
    {
        const HttpResult r =
            c.request("HEAD", QStringLiteral("/api/v1/uploads/%1").arg(id), {}, tusHeaders());
        return r.status == 200 ? r.header("Upload-Offset").toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(
            m_server.start({{QStringLiteral("limits"),
                             QJsonObject{{QStringLiteral("max_upload_chunk_bytes"), 64 * 1024}}}}),
            qPrintable(m_server.lastError()));
        QVERIFY(addTeam(m_server, QStringLiteral("north")));
        QVERIFY(addTeam(m_server, QStringLiteral("south")));
        QVERIFY(addUser(m_server, QStringLiteral("alice"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("zed"), QStringLiteral("south"),
                        QStringLiteral("collector")));
        QVERIFY(addUser(m_server, QStringLiteral("bob"), QStringLiteral("north"),
                        QStringLiteral("collector")));
        const QJsonObject form{
            {QStringLiteral("id"), QStringLiteral("survey")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("title"), QStringLiteral("Survey")},
            {QStringLiteral("fields"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("photo")},
                                    {QStringLiteral("type"), QStringLiteral("photo")},
                                    {QStringLiteral("label"), QStringLiteral("Photo")}}}}};
        QFile file(m_server.dataDir() + QStringLiteral("/survey.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(form).toJson());
        file.close();
        QCOMPARE(m_server
                     .admin({QStringLiteral("form"), QStringLiteral("publish"), file.fileName(),
                             QStringLiteral("--team"), QStringLiteral("north")})
                     .exitCode,
                 0);
        m_alice = signIn(m_server.port(), QStringLiteral("alice"));
        m_zed = signIn(m_server.port(), QStringLiteral("zed"));
    }

    void optionsAnnounceCapabilities()
    {
        HttpClient c(m_server.port());
        const HttpResult r = c.request("OPTIONS", QStringLiteral("/api/v1/uploads"));
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Tus-Version"), QByteArray("1.0.0"));
        QVERIFY(r.header("Tus-Extension").contains("creation"));
        QVERIFY(r.header("Tus-Extension").contains("termination"));
        QCOMPARE(r.header("Tus-Checksum-Algorithm"), QByteArray("sha1,sha256"));
        QCOMPARE(r.header("Outpost-Max-Chunk-Size"), QByteArray::number(64 * 1024));
    }

    void interruptedThenResumedWithACorruptChunkOnTheWay()
    {
        QByteArray bytes(150 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 131) % 251);
        const QString id = declare(bytes);
        HttpClient c = client(m_alice);
        const HttpResult created = create(c, id, bytes.size());
        QCOMPARE(created.status, 201);
        QCOMPARE(created.header("Location"), "/api/v1/uploads/" + id.toLatin1());
        QVERIFY(!created.header("Upload-Expires").isEmpty());
        QCOMPARE(offsetOf(c, id), 0);

        const QByteArray first = bytes.left(60 * 1024);
        HttpResult r =
            patch(c, id, 0, first,
                  "sha1 " + QCryptographicHash::hash(first, QCryptographicHash::Sha1).toBase64());
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Upload-Offset").toLongLong(), first.size());
        // The connection "drops"; the device asks where to resume.
        QCOMPARE(offsetOf(c, id), first.size());
        // A chunk corrupted on the way: 460, discarded, the offset does not move.
        QByteArray second = bytes.mid(first.size(), 60 * 1024);
        const QByteArray goodSum =
            "sha256 " + QCryptographicHash::hash(second, QCryptographicHash::Sha256).toBase64();
        QByteArray corrupt = second;
        corrupt[100] = static_cast<char>(corrupt[100] ^ 0x55);
        r = patch(c, id, first.size(), corrupt, goodSum);
        QCOMPARE(r.status, 460);
        QCOMPARE(offsetOf(c, id), first.size());
        // A wrong offset: 409.
        QCOMPARE(patch(c, id, 5, second).status, 409);
        QCOMPARE(patch(c, id, first.size(), second, "md5 abc").status, 400);
        // Resume.
        QCOMPARE(patch(c, id, first.size(), second, goodSum).status, 204);
        const qint64 at = first.size() + second.size();
        QCOMPARE(patch(c, id, at, bytes.mid(at)).status, 204);
        QCOMPARE(offsetOf(c, id), bytes.size());

        // Download, whole and by Range.
        HttpResult whole = c.get(QStringLiteral("/api/v1/attachments/%1").arg(id));
        QCOMPARE(whole.status, 200);
        QCOMPARE(whole.body, bytes);
        r = c.request("GET", QStringLiteral("/api/v1/attachments/%1").arg(id), {},
                      {{"Range", "bytes=1000-1999"}});
        QCOMPARE(r.status, 206);
        QCOMPARE(r.body, bytes.mid(1000, 1000));
        QCOMPARE(r.header("Content-Range"),
                 QByteArray("bytes 1000-1999/") + QByteArray::number(bytes.size()));
        r = c.request("GET", QStringLiteral("/api/v1/attachments/%1").arg(id), {},
                      {{"Range", "bytes=-10"}});
        QCOMPARE(r.body, bytes.right(10));
        r = c.request("GET", QStringLiteral("/api/v1/attachments/%1").arg(id), {},
                      {{"Range", "bytes=999999-"}});
        QCOMPARE(r.status, 416);
        // A complete upload takes no more chunks.
        QCOMPARE(patch(c, id, bytes.size(), QByteArray("x")).status, 409);
    }

    void wholeFileMustMatchTheDeclaredSha256()
    {
        const QByteArray bytes(1000, 'a');
        const QString id = declare(bytes, QByteArray(64, 'f'));
        HttpClient c = client(m_alice);
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        const HttpResult r = patch(c, id, 0, bytes);
        QCOMPARE(r.status, 460);
        QCOMPARE(r.errorCode(), QStringLiteral("sha256_mismatch"));
        QCOMPARE(offsetOf(c, id), 0); // starts again
        QCOMPARE(c.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).status, 409);
    }

    void refusals()
    {
        const QByteArray bytes(500, 'b');
        const QString id = declare(bytes);
        HttpClient c = client(m_alice);
        // undeclared attachment, wrong length, missing Tus-Resumable, wrong content type
        QCOMPARE(create(c, QUuid::createUuid().toString(QUuid::WithoutBraces), 10).status, 404);
        QCOMPARE(create(c, id, 501).status, 400);
        QCOMPARE(
            c.request("POST", QStringLiteral("/api/v1/uploads"), {}, {{"Upload-Length", "500"}})
                .status,
            412);
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        QCOMPARE(
            c.request("PATCH", QStringLiteral("/api/v1/uploads/%1").arg(id), bytes,
                      tusHeaders({{"Upload-Offset", "0"}, {"Content-Type", "application/json"}}))
                .status,
            415);
        // past the length; bigger than the chunk cap
        QCOMPARE(patch(c, id, 0, QByteArray(501, 'b')).status, 400);
        // another team's device learns nothing
        HttpClient zed = client(m_zed);
        QCOMPARE(create(zed, id, bytes.size()).status, 404);
        QCOMPARE(patch(zed, id, 0, bytes).status, 404);
        QCOMPARE(zed.get(QStringLiteral("/api/v1/attachments/%1").arg(id)).status, 404);
        // a collector of the same team, when the form shows collectors only their own records
        const Device bobDevice = signIn(m_server.port(), QStringLiteral("bob"));
        QVERIFY(!bobDevice.token.isEmpty());
        HttpClient bob = client(bobDevice);
        const HttpResult bobCreate = create(bob, id, bytes.size());
        QVERIFY2(bobCreate.status == 404, bobCreate.body.constData());
        // no token
        HttpClient anonymous(m_server.port());
        QCOMPARE(patch(anonymous, id, 0, bytes).status, 401);
        // termination
        QCOMPARE(patch(c, id, 0, bytes.left(100)).status, 204);
        QCOMPARE(c.request("DELETE", QStringLiteral("/api/v1/uploads/%1").arg(id), {}, tusHeaders())
                     .status,
                 204);
        QCOMPARE(offsetOf(c, id), -1); // gone until created again
        QCOMPARE(create(c, id, bytes.size()).status, 201);
        QCOMPARE(offsetOf(c, id), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerUpload)
#include "tst_serverupload.moc"
