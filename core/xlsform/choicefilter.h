// XLSForm's choice_filter, turned into our choice_filter: an expression that is true for
// exactly the choices the XLSForm filter offers, `.` being the choice's name. In XLSForm's
// choice_filter, bare names are columns of the choices sheet ("state = ${state}"); for each
// choice they are replaced by that choice's value, choices with the same resulting condition
// are grouped, and the filter is
//   (('ke'=${country}) and selected('nairobi mombasa', .)) or ((...) and selected(...))
// The app lists only the offered choices; validation refuses an answer the filter excludes.
#pragma once

#include "choicesconverter.h"
#include "result.h"

#include <QSet>
#include <QString>

namespace outpost {

class ChoiceFilter
{
public:
    // Our filter's source for `filter` over the choices of `listName`. `usedColumns` gets
    // the choices-sheet columns the filter named. Errors (code "invalid_xlsform") say why.
    static Result<QString> toExpression(const QString &filter, const QString &listName,
                                        const ImportedChoices &choices, QSet<QString> &usedColumns);
};

} // namespace outpost
