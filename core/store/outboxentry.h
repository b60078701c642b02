// One operation in the device's outbox with what the sync engine learned about it.
#pragma once

#include <QDateTime>
#include <QString>

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

} // namespace outpost
