// The choices a select field offers now: all of its list, or, when it has a choice_filter,
// those for which the filter is true with `.` the choice's name (docs/forms.md). Shared by
// validation (an answer the filter excludes fails) and the app (it lists only these).
#pragma once

#include "choicelist.h"
#include "evalcontext.h"
#include "fielddefinition.h"
#include "result.h"

#include <QStringList>

namespace outpost {

class OfferedChoices
{
public:
    // Whether `field`'s filter lets `name` through; `context` is set to the field (its
    // scope and instance). True when the field has no filter. Errors of the filter (a bad
    // dynamic regex) are returned.
    static Result<bool> offers(const FieldDefinition &field, const QString &name,
                               const EvalContext &context);

    // The names of `list` offered now, in list order; a choice whose filter fails to run is
    // offered (validation reports the error).
    static QStringList offered(const FieldDefinition &field, const ChoiceList &list,
                               const EvalContext &context);
};

} // namespace outpost
