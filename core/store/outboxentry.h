// One operation in the device's outbox with what the sync engine learned about it.
#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

#include "operation.h"

namespace outpost {

enum class OutboxStatus
{
    Pending,  // not yet acknowledged by the server (sent or not: resending is harmless)
    Rejected, // the server refused it permanently; kept visible until dismissed
};

struct OutboxEntry
{
    qint64 sequence = 0; // local order; operations are pushed in increasing sequence
    Operation operation;
    OutboxStatus status = OutboxStatus::Pending;
    int attempts = 0;     // failed attempts reported by recordAttemptFailure()
    QString lastError;    // the last transient error, for display
    QString rejectReason; // the server's reason when Rejected
    QDateTime queuedAt;   // device clock, UTC
};

// The server's acknowledgement of one pushed operation (LocalStore::markApplied).
struct AppliedOperation
{
    QUuid opId;
    qint64 serverVersion = 0; // the version the server gave the record
    // The server's record at serverVersion is not simply ours (a "merged" or "conflict"
    // result: it also holds other devices' changes). The next pull of that version replaces
    // the local values (pending local fields stay on top) instead of being skipped as known.
    bool serverRecordDiffers = false;
};

} // namespace outpost
