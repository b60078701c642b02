// The push half of a sync cycle, without the network: which outbox operations go in the next
// batch, and what the server's answer means for each of them. Worker thread (it uses the
// engine's store connection).
//
// A batch may hold several operations of one record (a create and its edits), in outbox
// order: the server judges an op against other writers' changes only, so our own earlier op
// in the batch, made on the same base, is never a conflict (docs/protocol.md, "Field-level
// conflicts"). markApplied() rebases the later ones as the results are marked in order.
#pragma once

#include <QList>
#include <QUuid>

#include "outboxentry.h"
#include "pushresponse.h"
#include "result.h"

namespace outpost {

class LocalStore;

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

    // The next batch: the first maxOps pending operations in outbox order.
    Result<QList<Operation>> nextBatch(int maxOps) const;
    // Marks each operation of batch with its result. Results are matched by op id (the
    // index is only a hint); an op with a missing, unknown or malformed result stays pending.
    Result<PushOutcome> apply(const QList<Operation> &batch, const PushResponse &response);
    // Marks one operation rejected with the given reason (e.g. too large for the server).
    Status reject(const Operation &op, const QString &reason);

private:
    LocalStore *m_store; // not owned
};

} // namespace outpost
