// The dependencies between fields through relevance, calculations and repeat counts: field A
// depends on field B when A's relevant, calculation or repeat_count expression refers to B (or
// to A itself through `.`). A cycle makes a form ambiguous (ODK rejects it too); without cycles,
// calculations have an order in which each is computed after the values it uses.
#pragma once

#include "formindex.h"
#include "result.h"

#include <QList>

namespace outpost {

class FormDependencies
{
public:
    // Indices (into the FormIndex) of the calculate fields, each after every calculate
    // field it depends on. Error "invalid_form" naming the fields of a cycle, if any.
    static Result<QList<int>> calculationOrder(const FormIndex &index);
};

} // namespace outpost
