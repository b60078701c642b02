// XLSForm's choice_filter on a select_one, turned into a constraint that accepts exactly the
// choices the filter would offer. In choice_filter, bare names are columns of the choices sheet
// ("state = ${state}"); for each choice they are replaced by that choice's value, choices with
// the same resulting condition are grouped, and the constraint is
//   (selected('nairobi mombasa', .) and ('ke' = ${country})) or (selected(...) and (...))
// The app still lists every choice; a filtered-out answer fails the constraint.
#pragma once

#include "choicesconverter.h"
#include "result.h"

#include <QSet>
#include <QString>

namespace outpost {

class ChoiceFilter
{
public:
    // The constraint source for `filter` over the choices of `listName`. `usedColumns` gets
    // the choices-sheet columns the filter named. Errors (code "invalid_xlsform") say why.
    static Result<QString> toConstraint(const QString &filter, const QString &listName,
                                        const ImportedChoices &choices, QSet<QString> &usedColumns);
};

} // namespace outpost
