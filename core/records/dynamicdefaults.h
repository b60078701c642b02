// Dynamic defaults (FieldDefinition::defaultExpression: "today()", "${other}"): as in ODK,
// evaluated once, when the record or the repeat instance holding the field is created, in
// document order, calculations recomputed after each one. A static default stays static.
#pragma once

#include "formindex.h"
#include "value.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace outpost {

class DynamicDefaults
{
public:
    // The values with the dynamic defaults of one new scope applied: the record (chain and
    // instances empty), or the instance instances.last() of the repeat chain.last(), with
    // what that scope holds (groups, and the instances its repeats already have). A field that
    // already has a value keeps it. `now` is the clock of today() / now().
    static QJsonObject apply(const FormIndex &index, const QJsonObject &values,
                             const QList<int> &chain, const QList<int> &instances,
                             const QDateTime &now);

    // An expression's result as a value of the field's type (docs/forms.md, "Dynamic
    // defaults"); Undefined when it is empty or not a valid value of that type. Integers are
    // truncated toward zero; a date becomes a datetime at midnight with `now`'s UTC offset.
    static QJsonValue toFieldValue(const FormDefinition &form, const FieldDefinition &field,
                                   const Value &value, const QDateTime &now);
};

} // namespace outpost
