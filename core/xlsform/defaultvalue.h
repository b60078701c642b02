// An XLSForm default cell as the JSON value of our field types: numbers for integer and
// decimal, an array for select_multiple ("a b"), an object for geopoint ("lat lon alt acc"),
// a date from "YYYY-MM-DD" or a spreadsheet date serial number. Expressions as defaults
// (dynamic defaults: "today()", "${x}") are not supported: an error.
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
};

} // namespace outpost
