// Answers of idempotent requests other than push (POST .../conflicts/{id}/resolve and
// POST .../records/{id}/review): a device sends "Idempotency-Key: <key>", the answer of the
// first request is stored with the change it made (same transaction), and the same key with the
// same request gets that answer again instead of a 409 (the change is not made twice). Keys are
// per device; the request is identified by the sha256 of its method, path and body, so the same
// key with another request is refused (422 idempotency_key_reused). Table request_replies;
// rows older than the refresh token lifetime are swept (Sweeper).
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QUuid>

#include <optional>

#include "httprequest.h"
#include "result.h"

namespace outpost {

class ServerStore;

struct IdempotencyKey
{
    QString deviceId;
    QString key;         // empty: the request carries no key (no replay, old behaviour)
    QString requestHash; // sha256 hex of method, path and body
    bool isEmpty() const { return key.isEmpty(); }
};

// What an idempotent endpoint answers: the body, and whether it is a stored one.
struct IdempotentReply
{
    QJsonObject body;
    bool replayed = false;
};

class IdempotentReplies
{
public:
    static constexpr qsizetype kMaxKeyBytes = 200;

    // The Idempotency-Key header: absent (empty key), or 1 to 200 visible ASCII characters
    // (else invalid_request).
    static Result<QString> headerKey(const HttpRequest &request);
    static Result<IdempotencyKey> fromRequest(const HttpRequest &request, const QUuid &deviceId);
    // The stored answer as a replay (nullopt when the key is new or empty). Call it inside the
    // write transaction, so that two requests with one key are decided one after the other.
    static Result<std::optional<IdempotentReply>> replay(QSqlDatabase &db,
                                                         const IdempotencyKey &key);
    // Stores the answer (nothing for an empty key) inside the transaction that made the
    // change, and returns it as the answer to give.
    static Result<IdempotentReply> save(QSqlDatabase &db, const IdempotencyKey &key,
                                        const QJsonObject &body);
    static Result<int> sweep(ServerStore *store, qint64 olderThanMs);
};

} // namespace outpost
