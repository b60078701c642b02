// One page of changes pulled from the server, applied by LocalStore::applyServerChanges() in
// one transaction together with the cursor that covers it. Value type.
#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QUuid>

#include "record.h"

namespace outpost {

struct ServerTombstone
{
    QUuid recordId;
    qint64 serverVersion = 0;
};

struct ServerChanges
{
    QList<Record> records;            // server state of each changed record
    QList<ServerTombstone> deletions; // records deleted on the server
    QString cursorKey = QStringLiteral("pull_cursor");
    QString cursor; // saved under cursorKey in the same transaction
    // When hasConflictFlags is true, inConflict names the pulled records (of `records`) that
    // the server flags in conflict: their flag is set, and cleared for the page's other
    // records, in the same transaction (no extra write per record). False: flags untouched.
    bool hasConflictFlags = false;
    QSet<QUuid> inConflict;
};

} // namespace outpost
