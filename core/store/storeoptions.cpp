#include "storeoptions.h"

#include <sodium.h>

namespace outpost {

StoreOptions StoreOptions::fastForTests()
{
    StoreOptions options;
    options.kdfOpsLimit = crypto_pwhash_argon2id_OPSLIMIT_MIN; // 1
    options.kdfMemLimitBytes = 64 * 1024;                      // 64 KiB
    return options;
}

} // namespace outpost
