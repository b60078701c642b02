// The semantic checks of a form definition (docs/forms.md, "What makes a definition
// invalid"): identifiers and uniqueness, what each type allows, choice lists, defaults,
// languages, expression references and dependency cycles.
#pragma once

#include "formdefinition.h"

namespace outpost {

class FormChecker
{
public:
    static Status check(const FormDefinition &form);
};

} // namespace outpost
