// One pending outbox operation as the sync engine sends it (LocalStore::pendingForPush): the
// operation's members as stored, with its fields still the compact JSON text the store wrote,
// so that a push neither decodes nor re-encodes them (docs/performance.md, "push").
#pragma once

#include <QByteArray>

#include "operation.h"

namespace outpost {

struct PendingOperation
{
    qint64 sequence = 0;   // local order (outbox seq)
    Operation operation;   // every member but fields (left empty)
    QByteArray fieldsJson; // the fields: one compact JSON object, as the store wrote it
};

} // namespace outpost
