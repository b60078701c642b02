// Computes the values of calculate fields, each after the calculations it uses, in every
// repeat instance. The result is stored in the record like any value: a number, a boolean or
// a string; an empty or non-finite result removes the value.
#pragma once

#include "formdefinition.h"

#include <QDateTime>
#include <QJsonObject>

namespace outpost {

class Calculator
{
public:
    // `form` must have passed check(). Calculations whose expression fails keep no value.
    static QJsonObject apply(const FormDefinition &form, const QJsonObject &values,
                             const QDateTime &now = {});
};

} // namespace outpost
