// The conflict log for supervisors: list a team's conflicts, and resolve one. A resolution is
// an ordinary change of the record (new version, per-field versions, audit entry), so it
// reaches every device through pull like any other change.
#pragma once

#include <QJsonObject>

#include <vector>

#include "caller.h"
#include "conflictinfo.h"
#include "idempotentreplies.h"
#include "result.h"

namespace outpost {

class ServerStore;

// One page of the conflict list.
struct ConflictQuery
{
    QString status;          // "" for all, else "open", "auto_resolved" or "resolved"
    qint64 afterId = 0;      // 0: from the start; else past this id in the page order
    int limit = 100;         // 1 .. kMaxLimit
    bool descending = false; // newest first
    static constexpr int kDefaultLimit = 100;
    static constexpr int kMaxLimit = 1000;
};

struct ConflictPage
{
    std::vector<ConflictInfo> conflicts;
    bool hasMore = false; // another page follows: ask again with afterId = the last id
};

class ConflictService
{
public:
    explicit ConflictService(ServerStore *store) : m_store(store) {}

    // Conflicts of the teams the caller supervises, one page in id order.
    Result<ConflictPage> list(const Caller &caller, const ConflictQuery &query);
    // values: the fields to set (the supervisor's choice); deleteRecord: settle by deleting.
    // The answer's body: {"record": RecordChange, "conflict": ConflictInfo}. With a key, a
    // replay gets the stored answer (replayed) and changes nothing.
    // Errors: not_found (404), forbidden (403), invalid_state (409: not open),
    // validation_failed, idempotency_key_reused (422).
    Result<IdempotentReply> resolve(const Caller &caller, qint64 conflictId,
                                    const QJsonObject &values, bool deleteRecord,
                                    const IdempotencyKey &key);

private:
    ServerStore *m_store; // not owned
};

} // namespace outpost
