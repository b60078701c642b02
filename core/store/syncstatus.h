// Where a record stands with the server. Kept by the store per record, derived from its
// outbox operations and what the sync engine reported; not a state of the record itself.
#pragma once

#include <QString>

#include "result.h"

namespace outpost {

enum class SyncStatus
{
    Pending,  // local changes wait in the outbox (or are being sent)
    Synced,   // the server has every local change of this record
    Rejected, // the server rejected one of its operations; the reason stays visible
    Conflict, // the sync engine reported a conflict that waits for a supervisor
};

QString syncStatusName(SyncStatus status); // "pending", "synced", "rejected", "conflict"
Result<SyncStatus> syncStatusFromName(const QString &name);

} // namespace outpost
