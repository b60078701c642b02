#include "syncclient.h"
#include "timeuuid.h"

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
    return publishFormToTeams(server, formId, policy, {team}, visibility, version);
}

bool publishFormToTeams(TestServer &server, const QString &formId, const QString &policy,
                        const QStringList &teams, const QString &visibility, int version)
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
    QStringList args{QStringLiteral("form"), QStringLiteral("publish"), path,
                     QStringLiteral("--visibility"), visibility};
    for (const QString &team : teams)
        args << QStringLiteral("--team") << team;
    const auto result = server.admin(args);
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
    op.opId = outpost::timeOrderedUuid(); // as a device makes them
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

QList<QJsonObject> pullAllPages(HttpClient &client, const QString &query, int maxPages)
{
    QList<QJsonObject> pages;
    QString cursor;
    const QString extra = query.isEmpty() ? QString() : QLatin1Char('&') + query;
    for (int page = 0; page < maxPages; ++page) {
        const QJsonObject json =
            client.get(QStringLiteral("/api/v1/pull?cursor=%1%2").arg(cursor, extra)).json();
        pages.append(json);
        cursor = json.value(QStringLiteral("cursor")).toString();
        if (!json.value(QStringLiteral("has_more")).toBool())
            break;
    }
    return pages;
}

namespace {

qint64 resultNumber(const QJsonArray &results, const char *key)
{
    return static_cast<qint64>(results.at(0).toObject().value(QString::fromLatin1(key)).toDouble());
}

} // namespace

qint64 openManualConflict(HttpClient &first, HttpClient &second, const QString &formId,
                          QUuid *recordId)
{
    const QUuid id = QUuid::createUuid();
    if (recordId)
        *recordId = id;
    using outpost::OperationKind;
    const QJsonArray created =
        push(first, {makeOp(OperationKind::Create, id, 0,
                            {{QStringLiteral("a"), QStringLiteral("base")}}, formId)});
    const qint64 base = resultNumber(created, "version");
    push(second, {makeOp(OperationKind::Update, id, base,
                         {{QStringLiteral("a"), QStringLiteral("second")}}, formId)});
    const QJsonArray r =
        push(first, {makeOp(OperationKind::Update, id, base,
                            {{QStringLiteral("a"), QStringLiteral("first")}}, formId)});
    if (r.at(0).toObject().value(QStringLiteral("status")).toString() != QStringLiteral("conflict"))
        return 0;
    return resultNumber(r, "conflict_id");
}

QUuid createFinalized(HttpClient &client, const QString &formId)
{
    const QUuid id = QUuid::createUuid();
    outpost::Operation op = makeOp(outpost::OperationKind::Create, id, 0,
                                   {{QStringLiteral("a"), QStringLiteral("x")},
                                    {QStringLiteral("b"), 1},
                                    {QStringLiteral("c"), QStringLiteral("y")}},
                                   formId);
    op.state = QStringLiteral("finalized");
    const QJsonArray r = push(client, {op});
    if (r.at(0).toObject().value(QStringLiteral("status")).toString() != QStringLiteral("applied"))
        return {};
    return id;
}

} // namespace testsupport
