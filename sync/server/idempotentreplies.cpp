#include "idempotentreplies.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>

#include "serverstore.h"

namespace outpost {

Result<QString> IdempotentReplies::headerKey(const HttpRequest &request)
{
    const QByteArray key = request.header("idempotency-key");
    if (!request.headers.contains("idempotency-key"))
        return QString();
    if (key.isEmpty() || key.size() > kMaxKeyBytes ||
        !std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("Idempotency-Key is 1 to %1 visible ASCII "
                                                    "characters")
                                         .arg(kMaxKeyBytes));
    return QString::fromLatin1(key);
}

Result<IdempotencyKey> IdempotentReplies::fromRequest(const HttpRequest &request,
                                                      const QUuid &deviceId)
{
    auto key = headerKey(request);
    if (!key)
        return key.error();
    IdempotencyKey out;
    out.deviceId = deviceId.toString(QUuid::WithoutBraces);
    out.key = *key;
    if (out.key.isEmpty())
        return out;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(request.method + ' ' + request.path.toUtf8() + '\n');
    hash.addData(request.body);
    out.requestHash = QString::fromLatin1(hash.result().toHex());
    return out;
}

Result<std::optional<IdempotentReply>> IdempotentReplies::replay(QSqlDatabase &db,
                                                                 const IdempotencyKey &key)
{
    if (key.isEmpty())
        return std::optional<IdempotentReply>();
    auto q = ServerStore::exec(db,
                               QStringLiteral("SELECT request_hash, response FROM request_replies "
                                              "WHERE device_id = ? AND idempotency_key = ?"),
                               {key.deviceId, key.key});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<IdempotentReply>();
    const QString hash = q->value(0).toString();
    const QJsonObject body = QJsonDocument::fromJson(q->value(1).toString().toUtf8()).object();
    q->finish();
    if (hash != key.requestHash)
        return Error::permanentError(QStringLiteral("idempotency_key_reused"),
                                     QStringLiteral("this Idempotency-Key was used for another "
                                                    "request"));
    return std::optional<IdempotentReply>(IdempotentReply{body, true});
}

Result<IdempotentReply> IdempotentReplies::save(QSqlDatabase &db, const IdempotencyKey &key,
                                                const QJsonObject &body)
{
    if (key.isEmpty())
        return IdempotentReply{body, false};
    auto q = ServerStore::exec(
        db,
        QStringLiteral("INSERT INTO request_replies (device_id, idempotency_key, request_hash, "
                       "response, created_at_ms) VALUES (?, ?, ?, ?, ?)"),
        {key.deviceId, key.key, key.requestHash,
         QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)),
         QDateTime::currentMSecsSinceEpoch()});
    if (!q)
        return q.error();
    return IdempotentReply{body, false};
}

Result<int> IdempotentReplies::sweep(ServerStore *store, qint64 olderThanMs)
{
    auto q = store->exec(QStringLiteral("DELETE FROM request_replies WHERE created_at_ms < ?"),
                         {olderThanMs});
    if (!q)
        return q.error();
    return q->rowsAffected();
}

} // namespace outpost
