// The demo data behind the screenshots: an encrypted store enrolled (on paper) with a server,
// as a supervisor, with the demo forms, records in every status, an open conflict and a
// sync state to show. Nothing here talks to a network.
#pragma once

#include "attachmenttransfer.h"
#include "localstore.h"
#include "syncstate.h"

namespace outpost::ui::screenshotdata {

Status makeDemoStore(const StoreLocation &location, const QString &passphrase);
SyncState demoSyncState();
QList<AttachmentTransfer> demoTransfers();

} // namespace outpost::ui::screenshotdata
