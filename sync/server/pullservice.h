// One pull page: the records, form publications and (for supervisors) conflicts that changed
// after the cursor, in version order, read from one snapshot. Cost is O(page) through the
// version indexes, and only what the caller may see is read: a collector's pull on an
// own-records form never walks the rest of the team's changes. The page is written as JSON text in
// the PullResponse format of core/protocol straight from the stored rows: a record's values go out
// as the compact JSON the server stored, never decoded and re-encoded. The cursor is opaque to
// devices (base64url of "v1:<version>").
#pragma once

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QVariantList>

#include "caller.h"
#include "result.h"

namespace outpost {

class ServerStore;

class PullService
{
public:
    explicit PullService(ServerStore *store) : m_store(store) {}

    // The page as the JSON body of GET /api/v1/pull.
    Result<QByteArray> pull(const Caller &caller, const QString &cursor, int limit);

    static QString encodeCursor(qint64 version);
    static Result<qint64> decodeCursor(const QString &cursor); // "" -> 0

    // The SQL (binds appended to `binds`) of the first `count` records after version `since`
    // that the caller may see, in version order (column 6: version), as a UNION ALL of
    // sources that each read one index in version order: a supervised team's records by
    // (team, version); in its other teams the caller's own records by (team, owner, version)
    // and the others' records of the team's team-visible forms (teamVisible: team id -> form
    // ids) by (team, form, version). The sources are disjoint. SQLite merges them and stops
    // at `count`; on PostgreSQL each stops at `count` (its planner appends, then sorts). Team
    // ids come from our own database (integers, inlined: one statement per team set); the
    // rest is bound. Public for tst_pullplan.
    static QString visibleRecordsSql(const Caller &caller,
                                     const QHash<qint64, QStringList> &teamVisible, qint64 since,
                                     int count, bool postgres, QVariantList &binds);

private:
    ServerStore *m_store; // not owned
};

} // namespace outpost
