// Reading the audit log (every applied change: who, which device, when, before/after of the
// changed fields), for admins.
#pragma once

#include <QJsonArray>

#include "result.h"

namespace outpost {

class ServerStore;

class AuditLog
{
public:
    // Entries of one organisation with id > afterId, oldest first; recordId "" for all.
    static Result<QJsonArray> query(ServerStore *store, qint64 orgId, const QString &recordId,
                                    qint64 afterId, int limit);
};

} // namespace outpost
