// One pull page: the records, form publications and (for supervisors) conflicts that changed
// after the cursor, in version order, read from one snapshot. Cost is O(page) through the
// version indexes. The page is written as JSON text in the PullResponse format of
// core/protocol straight from the stored rows: a record's values go out as the compact JSON
// the server stored, never decoded and re-encoded. The cursor is opaque to devices (base64url
// of "v1:<version>").
#pragma once

#include <QByteArray>

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

private:
    ServerStore *m_store; // not owned
};

} // namespace outpost
