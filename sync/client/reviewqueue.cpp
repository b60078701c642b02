#include "reviewqueue.h"

#include <QJsonDocument>

#include <algorithm>

#include "localstore.h"

namespace outpost::reviewqueue {

namespace {

Result<QJsonArray> readArray(const LocalStore &store, const QString &key)
{
    auto text = store.syncState(key);
    if (!text)
        return text.error();
    return QJsonDocument::fromJson(text->toUtf8()).array();
}

Status writeArray(LocalStore &store, const QString &key, const QJsonArray &array)
{
    return store.setSyncState(
        key, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
}

QJsonObject action(const QString &kind, const QString &target, const QString &path,
                   const QJsonObject &body)
{
    return {{QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("target"), target},
            {QStringLiteral("path"), path},
            {QStringLiteral("body"), body}};
}

} // namespace

QJsonObject resolveAction(qint64 conflictId, const QJsonObject &values)
{
    const QString id = QString::number(conflictId);
    return action(QStringLiteral("resolve"), id,
                  QStringLiteral("/api/v1/conflicts/%1/resolve").arg(id),
                  {{QStringLiteral("values"), values}});
}

QJsonObject reviewAction(const QUuid &recordId, bool accept, const QString &comment)
{
    const QString id = recordId.toString(QUuid::WithoutBraces);
    return action(
        QStringLiteral("review"), id, QStringLiteral("/api/v1/records/%1/review").arg(id),
        {{QStringLiteral("decision"), accept ? QStringLiteral("accept") : QStringLiteral("reject")},
         {QStringLiteral("comment"), comment}});
}

Status enqueue(LocalStore &store, const QJsonObject &action)
{
    auto queue = readArray(store, kQueueKey);
    if (!queue)
        return queue.error();
    queue->append(action);
    return writeArray(store, kQueueKey, *queue);
}

Status remove(LocalStore &store, const QString &actionId)
{
    auto queue = readArray(store, kQueueKey);
    if (!queue)
        return queue.error();
    QJsonArray rest;
    for (const QJsonValue &entry : std::as_const(*queue))
        if (entry.toObject().value(QStringLiteral("id")).toString() != actionId)
            rest.append(entry);
    return writeArray(store, kQueueKey, rest);
}

Status fail(LocalStore &store, const QString &actionId, const QString &reason)
{
    auto queue = readArray(store, kQueueKey);
    auto failedList = readArray(store, kFailedKey);
    if (!queue)
        return queue.error();
    if (!failedList)
        return failedList.error();
    for (const QJsonValue &entry : std::as_const(*queue)) {
        QJsonObject object = entry.toObject();
        if (object.value(QStringLiteral("id")).toString() == actionId) {
            object.insert(QStringLiteral("reason"), reason);
            failedList->append(object);
        }
    }
    if (Status s = writeArray(store, kFailedKey, *failedList); !s)
        return s;
    return remove(store, actionId);
}

Result<QJsonArray> pending(const LocalStore &store)
{
    return readArray(store, kQueueKey);
}

Result<QJsonArray> failed(const LocalStore &store)
{
    return readArray(store, kFailedKey);
}

bool isSupervisor(const LocalStore &store)
{
    const QString text = store.syncState(kMeKey).valueOr(QString());
    const QJsonArray teams =
        QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("teams")).toArray();
    return std::any_of(teams.begin(), teams.end(), [](const QJsonValue &team) {
        const QString role = team.toObject().value(QStringLiteral("role")).toString();
        return role == QStringLiteral("supervisor") || role == QStringLiteral("admin");
    });
}

QJsonArray openConflicts(const LocalStore &store)
{
    const QString text = store.syncState(kOpenConflictsKey).valueOr(QString());
    const QJsonObject open = QJsonDocument::fromJson(text.toUtf8()).object();
    QList<QJsonObject> list;
    for (auto it = open.begin(); it != open.end(); ++it)
        list.append(it.value().toObject());
    std::sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("id")).toInteger() <
               b.value(QStringLiteral("id")).toInteger();
    });
    QJsonArray result;
    for (const QJsonObject &conflict : list)
        result.append(conflict);
    return result;
}

QJsonArray resolvedConflicts(const LocalStore &store)
{
    const QString text = store.syncState(kResolvedKey).valueOr(QString());
    return QJsonDocument::fromJson(text.toUtf8())
        .object()
        .value(QStringLiteral("conflicts"))
        .toArray();
}

} // namespace outpost::reviewqueue
