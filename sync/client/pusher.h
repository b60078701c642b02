// The push half of a sync cycle, without the network: which outbox operations go in the next
// batch, and what the server's answer means for each of them. Worker thread (it uses the
// engine's store connection).
//
// A batch holds at most ONE operation per record: the server judges an update against the
// version it was based on, and a second edit of the same record made on the same base would
// look like a concurrent edit of our own first one. After the first is applied, markApplied()
// rebases the next on the new version and it goes in the next batch.
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

    // The next batch: pending operations in outbox order, at most maxOps, one per record.
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
