// The JSON shape each field type accepts as a value in a record, and what that value is in
// expressions. Shared by record validation and by the check of defaults at form load.
#pragma once

#include "choicelist.h"
#include "fielddefinition.h"
#include "value.h"

#include <QJsonValue>
#include <QString>

#include <optional>

namespace outpost {

struct ValueProblem
{
    QString code;    // "type", "range", "choice" or "unexpected_value" (see docs/forms.md)
    QString message; // for people, without the field's name
};

class FieldValue
{
public:
    // Unanswered: missing, null, "" or [] (for every type).
    static bool isEmpty(const QJsonValue &value);

    // Checks a non-empty value against the field's type. `choices` is the field's choice
    // list (select types only; may be nullptr otherwise). Repeat values (arrays of objects)
    // are checked by the caller, instance by instance.
    static std::optional<ValueProblem> check(const FieldDefinition &field,
                                             const ChoiceList *choices, const QJsonValue &value);

    // The value of a field in expressions: numbers for integer/decimal, dates for
    // date/datetime, space-separated choice names for select_multiple, "lat lon altitude
    // accuracy" for geopoint, the file name for photo/file, the empty string when
    // unanswered. A value of the wrong JSON type becomes its string form.
    static Value toExpressionValue(const FieldDefinition &field, const QJsonValue &value);
};

} // namespace outpost
