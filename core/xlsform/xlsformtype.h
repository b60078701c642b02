// The type column of an XLSForm survey row, read: "integer", "select_one yes_no or_other",
// "begin repeat", "start", ... with pyxform's spellings ("select one", "select all that
// apply", "begin_group", "dateTime", "int", "trigger").
#pragma once

#include "fieldtype.h"

#include <QString>

namespace outpost {

struct XlsFormType
{
    enum class Kind
    {
        Field, // a field of `type`
        BeginGroup,
        EndGroup,
        BeginRepeat,
        EndRepeat,
        Unsupported, // `why` says why; an error
    };

    Kind kind = Kind::Unsupported;
    FieldType type = FieldType::Text;
    QString listName;     // select types
    bool orOther = false; // "select_one LIST or_other"
    bool acknowledge = false;
    QString metadata; // start, end, today, deviceid, username
    QString loss;     // non-empty: a presentation loss to warn about
    QString why;      // Unsupported: the reason

    static XlsFormType parse(const QString &text);
};

} // namespace outpost
