// A filter and a page for listing or counting records. Value type.
#pragma once

#include <QList>
#include <QString>

#include "record.h"
#include "syncstatus.h"

namespace outpost {

struct RecordQuery
{
    QString formId;                 // empty = every form
    QList<RecordState> states;      // empty = every state
    QList<SyncStatus> syncStatuses; // empty = every sync status
    // Words to find in the record's text values (full-text, FTS4): every word must match,
    // as a prefix ("wat" finds "water"). Empty = no text filter.
    QString searchText;
    bool includeDeleted = false; // tombstones are hidden unless asked for
    // Page, in the list order (most recently updated first, then by id). limit < 0 = all.
    int offset = 0;
    int limit = -1;
};

} // namespace outpost
