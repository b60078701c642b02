#include "syncstatus.h"

namespace outpost {

QString syncStatusName(SyncStatus status)
{
    switch (status) {
    case SyncStatus::Pending:
        return QStringLiteral("pending");
    case SyncStatus::Synced:
        return QStringLiteral("synced");
    case SyncStatus::Rejected:
        return QStringLiteral("rejected");
    case SyncStatus::Conflict:
        return QStringLiteral("conflict");
    }
    return QStringLiteral("pending");
}

Result<SyncStatus> syncStatusFromName(const QString &name)
{
    for (auto status :
         {SyncStatus::Pending, SyncStatus::Synced, SyncStatus::Rejected, SyncStatus::Conflict}) {
        if (syncStatusName(status) == name)
            return status;
    }
    return Error::permanentError(QStringLiteral("invalid_sync_status"),
                                 QStringLiteral("unknown sync status \"%1\"").arg(name));
}

} // namespace outpost
