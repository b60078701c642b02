// Supervisors accept or reject finalized submissions, with a comment; the new state gets a
// server version and syncs back to the collector's device like any other change.
#pragma once

#include "caller.h"
#include "idempotentreplies.h"
#include "result.h"

namespace outpost {

class ServerStore;

class ReviewService
{
public:
    explicit ReviewService(ServerStore *store) : m_store(store) {}

    // decision: "accept" or "reject". The answer's body is the record (RecordChange JSON).
    // With a key, a replay gets the stored answer (replayed) and changes nothing.
    // Errors: not_found (404), forbidden (403), invalid_state (409: the record is not
    // finalized), invalid_request (400), idempotency_key_reused (422).
    Result<IdempotentReply> review(const Caller &caller, const QString &recordId,
                                   const QString &decision, const QString &comment,
                                   const IdempotencyKey &key);

private:
    ServerStore *m_store; // not owned
};

} // namespace outpost
