// The push half of a sync cycle, without the network: which outbox operations go in the next
// batch, and what the server's answer means for each of them. Worker thread (it uses the
// engine's store connection).
//
// A batch may hold several operations of one record (a create and its edits), in outbox
// order: the server judges an op against other writers' changes only, so our own earlier op
// in the batch, made on the same base, is never a conflict (docs/protocol.md, "Field-level
// conflicts"). markApplied() rebases the later ones as the results are marked in order.
//
// Batches travel in a pipeline (SyncEngine): a batch never holds an operation of a record that
// has one in a batch still in flight (or whose answer is not yet written), so the ops of one
// record reach the server in outbox order whichever batch arrives first.
#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QUuid>

#include "outboxentry.h"
#include "pushresponse.h"
#include "result.h"

namespace outpost {

class LocalStore;

struct PushBatch
{
    QList<Operation> ops;    // in outbox order; fields left empty (they are only in body)
    QSet<QString> recordIds; // the records of ops (UUID text without braces)
    QByteArray body;         // the POST /api/v1/push body (PushBodyWriter)
};

struct PushOutcome
{
    int applied = 0; // applied or merged
    int conflicts = 0;
    int rejected = 0;
    int unanswered = 0; // no usable result: left pending (resent next time)
};

class Pusher
{
public:
    explicit Pusher(LocalStore *store) : m_store(store) {}

    // The next batch: the first maxOps pending operations in outbox order whose record is not
    // in busyRecordIds (the records of the batches in flight). Empty: nothing to send now.
    Result<PushBatch> nextBatch(int maxOps, const QSet<QString> &busyRecordIds = {}) const;
    // Marks each operation of batch with its result. Results are matched by op id (the
    // index is only a hint); an op with a missing, unknown or malformed result stays pending.
    Result<PushOutcome> apply(const QList<Operation> &batch, const PushResponse &response);
    // Marks one operation rejected with the given reason (e.g. too large for the server).
    Status reject(const Operation &op, const QString &reason);

private:
    LocalStore *m_store; // not owned
};

} // namespace outpost
