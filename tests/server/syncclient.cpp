#include "syncclient.h"

#include <QFile>
#include <QJsonDocument>

namespace testsupport {

bool addTeam(TestServer &server, const QString &team)
{
    return server.admin({QStringLiteral("team"), QStringLiteral("add"), team}).exitCode == 0;
}

QString password(const QString &user)
{
    return QStringLiteral("pw-%1-secret").arg(user);
}

bool addUser(TestServer &server, const QString &user, const QString &team, const QString &role)
{
    const auto result =
        server.admin({QStringLiteral("user"), QStringLiteral("add"), user, QStringLiteral("--team"),
                      team, QStringLiteral("--role"), role},
                     password(user).toUtf8() + "\n");
    if (result.exitCode != 0)
        qWarning("user add failed: %s", result.err.constData());
    return result.exitCode == 0;
}

bool publishForm(TestServer &server, const QString &formId, const QString &policy,
                 const QString &team, const QString &visibility, int version)
{
    const QJsonObject definition{
        {QStringLiteral("id"), formId},
        {QStringLiteral("version"), version},
        {QStringLiteral("title"), QStringLiteral("Test form")},
        {QStringLiteral("policy"), policy},
        {QStringLiteral("fields"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")},
                                {QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("label"), QStringLiteral("A")}},
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("b")},
                                {QStringLiteral("type"), QStringLiteral("integer")},
                                {QStringLiteral("label"), QStringLiteral("B")}},
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("c")},
                                {QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("label"), QStringLiteral("C")},
                                {QStringLiteral("required"), true}}}}};
    const QString path =
        server.dataDir() + QStringLiteral("/form-%1-%2.json").arg(formId).arg(version);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(definition).toJson());
    file.close();
    const auto result =
        server.admin({QStringLiteral("form"), QStringLiteral("publish"), path,
                      QStringLiteral("--team"), team, QStringLiteral("--visibility"), visibility});
    if (result.exitCode != 0)
        qWarning("form publish failed: %s", result.err.constData());
    return result.exitCode == 0;
}

Device signIn(quint16 port, const QString &user)
{
    HttpClient client(port);
    const HttpResult result =
        client.post(QStringLiteral("/api/v1/auth/signin"),
                    {{QStringLiteral("username"), user},
                     {QStringLiteral("password"), password(user)},
                     {QStringLiteral("device_name"), QStringLiteral("test device")}});
    const QJsonObject json = result.json();
    return Device{json.value(QStringLiteral("access_token")).toString(),
                  json.value(QStringLiteral("refresh_token")).toString(),
                  json.value(QStringLiteral("device_id")).toString()};
}

outpost::Operation makeOp(outpost::OperationKind kind, const QUuid &recordId, qint64 base,
                          const QJsonObject &fields, const QString &formId)
{
    outpost::Operation op;
    op.opId = QUuid::createUuid();
    op.entityId = recordId;
    op.kind = kind;
    op.baseVersion = base;
    op.formId = formId;
    op.formVersion = 1;
    op.fields = fields;
    op.deviceTime = QDateTime::currentDateTimeUtc();
    return op;
}

QJsonObject batch(const QList<outpost::Operation> &ops)
{
    QJsonArray array;
    for (const auto &op : ops)
        array.append(op.toJson());
    return {{QStringLiteral("ops"), array}};
}

QJsonArray push(HttpClient &client, const QList<outpost::Operation> &ops, int *status)
{
    const HttpResult result = client.post(QStringLiteral("/api/v1/push"), batch(ops));
    if (status)
        *status = result.status;
    if (result.status != 200)
        return {};
    return result.json().value(QStringLiteral("results")).toArray();
}

} // namespace testsupport
