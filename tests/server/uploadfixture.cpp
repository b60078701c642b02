#include "uploadfixture.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include "syncclient.h"

namespace testsupport {

bool publishSurvey(TestServer &server, const QString &team)
{
    const QJsonObject form{
        {QStringLiteral("id"), QStringLiteral("survey")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("title"), QStringLiteral("Survey")},
        {QStringLiteral("fields"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("photo")},
                                {QStringLiteral("type"), QStringLiteral("photo")},
                                {QStringLiteral("label"), QStringLiteral("Photo")}}}}};
    QFile file(server.dataDir() + QStringLiteral("/survey.json"));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(form).toJson());
    file.close();
    return server
               .admin({QStringLiteral("form"), QStringLiteral("publish"), file.fileName(),
                       QStringLiteral("--team"), team})
               .exitCode == 0;
}

std::optional<HttpClient> startWithAlice(TestServer &server, const QJsonObject &overrides)
{
    if (!server.start(overrides) || !addTeam(server, QStringLiteral("north")) ||
        !addUser(server, QStringLiteral("alice"), QStringLiteral("north"),
                 QStringLiteral("collector")) ||
        !publishSurvey(server, QStringLiteral("north")))
        return std::nullopt;
    HttpClient c(server.port());
    c.setToken(signIn(server.port(), QStringLiteral("alice")).token);
    return c;
}

QString declareAttachment(HttpClient &client, const QByteArray &bytes,
                          const QByteArray &declaredSha)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray sha = declaredSha.isEmpty()
                               ? QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()
                               : declaredSha;
    const QJsonObject attachment{{QStringLiteral("id"), id},
                                 {QStringLiteral("sha256"), QString::fromLatin1(sha)},
                                 {QStringLiteral("size"), bytes.size()},
                                 {QStringLiteral("type"), QStringLiteral("image/jpeg")},
                                 {QStringLiteral("name"), QStringLiteral("photo.jpg")}};
    const QJsonArray r =
        push(client, {makeOp(outpost::OperationKind::Create, QUuid::createUuid(), 0,
                             {{QStringLiteral("photo"), attachment}}, QStringLiteral("survey"))});
    if (r.at(0).toObject().value(QStringLiteral("status")).toString() != QStringLiteral("applied"))
        qWarning("declare failed: %s", QJsonDocument(r).toJson().constData());
    return id;
}

HeaderList tusHeaders(HeaderList extra)
{
    extra.append(qMakePair(QByteArray("Tus-Resumable"), QByteArray("1.0.0")));
    return extra;
}

HttpResult createUpload(HttpClient &client, const QString &id, qint64 length)
{
    return client.request(
        "POST", QStringLiteral("/api/v1/uploads"), {},
        tusHeaders({{"Upload-Length", QByteArray::number(length)},
                    {"Upload-Metadata", "attachment_id " + id.toLatin1().toBase64() + ",filename " +
                                            QByteArray("p.jpg").toBase64()}}));
}

HttpResult patchUpload(HttpClient &client, const QString &id, qint64 offset,
                       const QByteArray &chunk, const QByteArray &checksum)
{
    HeaderList headers{{"Content-Type", "application/offset+octet-stream"},
                       {"Upload-Offset", QByteArray::number(offset)}};
    if (!checksum.isEmpty())
        headers.append(qMakePair(QByteArray("Upload-Checksum"), checksum));
    return client.request("PATCH", QStringLiteral("/api/v1/uploads/%1").arg(id), chunk,
                          tusHeaders(headers));
}

qint64 uploadOffset(HttpClient &client, const QString &id)
{
    const HttpResult r =
        client.request("HEAD", QStringLiteral("/api/v1/uploads/%1").arg(id), {}, tusHeaders());
    return r.status == 200 ? r.header("Upload-Offset").toLongLong() : -1;
}

qint64 metricsCounter(HttpClient &admin, const QByteArray &name)
{
    const QByteArray metrics = admin.get(QStringLiteral("/metrics")).body;
    const QByteArray line = '\n' + name + ' ';
    const qsizetype at = metrics.indexOf(line);
    if (at < 0)
        return -1;
    const qsizetype from = at + line.size();
    return metrics.mid(from, metrics.indexOf('\n', from) - from).toLongLong();
}

qint64 uploadBytesRehashed(HttpClient &admin)
{
    return metricsCounter(admin, "outpost_upload_bytes_rehashed_total");
}

QByteArray patterned(qsizetype size, int seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = static_cast<char>((i * 131 + seed) % 251);
    return bytes;
}

QByteArray sha256Checksum(const QByteArray &chunk)
{
    return "sha256 " + QCryptographicHash::hash(chunk, QCryptographicHash::Sha256).toBase64();
}

QByteArray patchHead(const QString &token, const QString &id, qint64 offset, qint64 length,
                     const QByteArray &checksum)
{
    QByteArray head = "PATCH /api/v1/uploads/" + id.toLatin1() +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                      "Content-Type: application/offset+octet-stream\r\n"
                      "Upload-Offset: " +
                      QByteArray::number(offset) +
                      "\r\nContent-Length: " + QByteArray::number(length) + "\r\n";
    if (!token.isEmpty())
        head += "Authorization: Bearer " + token.toLatin1() + "\r\n";
    if (!checksum.isEmpty())
        head += "Upload-Checksum: " + checksum + "\r\n";
    return head + "\r\n";
}

qint64 peakRssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = status.readAll();
    const qsizetype at = text.indexOf("VmHWM:");
    if (at < 0)
        return -1;
    return text.mid(at + 6).trimmed().split(' ').first().toLongLong();
}

bool resetPeakRss(qint64 pid)
{
    QFile clear(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

} // namespace testsupport
