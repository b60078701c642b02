// What this device fills into a record's metadata fields (XLSForm start, end, today,
// deviceid, username; docs/forms.md): the clock, the enrolled device id and user name.
#pragma once

#include "recordmetadata.h"

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

// Now, and the device id / user name of the store's enrollment (empty when working offline).
MetadataContext deviceMetadata(const LocalStore &store);

} // namespace outpost::ui
