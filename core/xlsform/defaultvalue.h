// An XLSForm default cell as the JSON value of our field types: numbers for integer and
// decimal, an array for select_multiple ("a b"), an object for geopoint ("lat lon alt acc"),
// a date from "YYYY-MM-DD" or a spreadsheet date serial number. A cell that is an expression
// (a dynamic default: "today()", "${x}", "${n} + 1" for a number) is told apart by isDynamic()
// and becomes the field's default_expression.
#pragma once

#include "fieldtype.h"
#include "result.h"

#include <QJsonValue>

namespace outpost {

class DefaultValue
{
public:
    // Errors (code "invalid_xlsform") say why, without the field's name. The value is further
    // checked against the field (choices, ranges) by FormDefinition::check().
    static Result<QJsonValue> fromCell(FieldType type, const QString &text);

    // Whether the cell is an expression rather than a value, as pyxform decides: it refers
    // to a field (${...}) or calls a function ("today()"), or, for integer and decimal
    // fields, it is not a number but parses as an expression ("5 * 2").
    static bool isDynamic(FieldType type, const QString &text);
};

} // namespace outpost
