// The conflict log for supervisors: list a team's conflicts, and resolve one. A resolution is
// an ordinary change of the record (new version, per-field versions, audit entry), so it
// reaches every device through pull like any other change.
#pragma once

#include <QJsonObject>

#include <vector>

#include "caller.h"
#include "conflictinfo.h"
#include "recordchange.h"
#include "result.h"

namespace outpost {

class ServerStore;

struct Resolution
{
    RecordChange record;
    ConflictInfo conflict;
};

class ConflictService
{
public:
    explicit ConflictService(ServerStore *store) : m_store(store) {}

    // Conflicts of the teams the caller supervises; status "" for all, else "open",
    // "auto_resolved" or "resolved".
    Result<std::vector<ConflictInfo>> list(const Caller &caller, const QString &status);
    // values: the fields to set (the supervisor's choice); deleteRecord: settle by deleting.
    // Errors: not_found (404), forbidden (403), invalid_state (409: not open).
    Result<Resolution> resolve(const Caller &caller, qint64 conflictId, const QJsonObject &values,
                               bool deleteRecord);

private:
    ServerStore *m_store; // not owned
};

} // namespace outpost
