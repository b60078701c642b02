// The store's schema and its migrations, by version number (PRAGMA user_version). Each step
// runs in its own write transaction, so a crash leaves the database at the previous or the
// next version, never in between. Versions:
//   1  records, outbox, sync_state, forms, store_meta
//   2  attachments (+ upload state) and the random attachment key in store_meta
//   3  display_text, list index, FTS4 full-text index over record text (backfilled)
//   4  covering index for the records list, (form, deleted) index for per-form counts
//   5  records.server_stale (acknowledged by a merged / conflict push result)
//   6  search_backlog: pulled records not yet in the full-text index
// Never edit a released step: add one.
#pragma once

#include "result.h"

namespace outpost {

class SqliteDatabase;

class Schema
{
public:
    static constexpr int kLatestVersion = 7;
    static constexpr qint64 kApplicationId = 0x4F505354; // "OPST", PRAGMA application_id

    // Migrates from the current version up to targetVersion (tests stop at older ones).
    // "store_too_new" if the database is newer than this code.
    static Status migrate(SqliteDatabase &db, int targetVersion = kLatestVersion);
    static Result<int> version(SqliteDatabase &db);
};

} // namespace outpost
