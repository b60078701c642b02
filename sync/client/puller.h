// The pull half of a sync cycle, without the network: applies one page to the store. Form
// definitions and (supervisors) conflicts first, then the records and tombstones together
// with the page's cursor and the records' conflict flags in ONE store transaction
// (LocalStore::applyServerChanges). A crash at any point re-pulls the page from the previous
// cursor, and every step is idempotent, so nothing is skipped or applied twice. Worker thread.
#pragma once

#include <QString>

#include "pullresponse.h"
#include "result.h"

namespace outpost {

class LocalStore;

class Puller
{
public:
    static const QString kCursorKey;    // sync state key of the pull cursor
    static const QString kConflictsKey; // sync state key of the open conflicts (JSON)

    explicit Puller(LocalStore *store) : m_store(store) {}

    Result<QString> cursor() const;
    // Any failed write is an error: the pull stops and the cursor stays where it was.
    Status applyPage(const PullResponse &page);

private:
    Status saveConflicts(const PullResponse &page);

    LocalStore *m_store; // not owned
};

} // namespace outpost
