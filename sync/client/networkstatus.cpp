#include "networkstatus.h"

#include "syncconfig.h"

namespace outpost::networkpolicy {

bool connectivityReturned(const NetworkStatus &before, const NetworkStatus &now)
{
    return now.reachability == NetworkStatus::Reachability::Online &&
           before.reachability == NetworkStatus::Reachability::Offline;
}

bool mayUploadAttachments(const NetworkStatus &status, const SyncConfig &config)
{
    return !status.metered || config.uploadAttachmentsOnMetered;
}

} // namespace outpost::networkpolicy
