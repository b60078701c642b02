// The demo forms shipped in resources/forms, for a store that has no server yet.
#pragma once

#include "result.h"

namespace outpost {
class LocalStore;
}

namespace outpost {

// Saves every demo form (checked by FormDefinition::fromJson) into the store; returns how
// many were saved. A demo form that fails its check is an error naming the file.
Result<int> installDemoForms(LocalStore &store);

} // namespace outpost
