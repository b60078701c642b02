// Applies a pushed batch in one write transaction: op ids at most once (a replay answers the
// stored result), per-op results, field-level conflict detection against per-field versions
// (changes made by the pushing device's own earlier ops never conflict), the form's policy
// (last-write-wins or manual), the conflict log and the audit log. A rejected op never blocks
// the ops behind it. Reads and writes go through PushBatch (one query for the batch's records,
// multi-row writes at the end). Thread-safe (per-thread connections).
#pragma once

#include <QHash>
#include <QJsonObject>

#include "caller.h"
#include "opresult.h"
#include "pushrequest.h"
#include "result.h"

namespace outpost {

class Metrics;
class PushBatch;
class ServerStore;
class WriteTransaction;
struct ServerRecord;
struct FormAccess;

class PushService
{
public:
    PushService(ServerStore *store, Metrics *metrics) : m_store(store), m_metrics(metrics) {}

    // The PushResponse as JSON text. idempotencyKey: optional; the same key with the same
    // body answers the stored response, with another body 422 idempotency_key_reused.
    Result<QByteArray> push(const Caller &caller, const PushRequest &request,
                            const QString &idempotencyKey, const QByteArray &body);

private:
    Result<OpResult> applyOne(WriteTransaction &tx, PushBatch &batch, const Caller &caller,
                              const Operation &op, int index);
    Result<OpResult> applyCreate(WriteTransaction &tx, PushBatch &batch, const Caller &caller,
                                 const Operation &op, const FormAccess &form, OpResult result);
    Result<OpResult> applyUpdate(WriteTransaction &tx, PushBatch &batch, const Caller &caller,
                                 const Operation &op, const FormAccess &form, ServerRecord record,
                                 OpResult result);
    Result<OpResult> applyDelete(WriteTransaction &tx, PushBatch &batch, const Caller &caller,
                                 const Operation &op, const FormAccess &form, ServerRecord record,
                                 OpResult result);

    ServerStore *m_store; // not owned
    Metrics *m_metrics;   // not owned
};

} // namespace outpost
