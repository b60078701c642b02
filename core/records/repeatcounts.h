// Repeats whose number of instances is an expression (FieldDefinition::repeatCount, XLSForm's
// repeat_count): the number it asks for, and the instances made to follow it.
#pragma once

#include "evalcontext.h"
#include "fielddefinition.h"
#include "formdefinition.h"
#include "formlimits.h"
#include "result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace outpost {

// Instances removed because a count went down, by the repeat's record path ("members",
// "plots[2].crops"), in their order; the next instances that count adds again come from here,
// so that a typo in the count does not lose answers while the record is open.
using InstanceStash = QHash<QString, QList<QJsonObject>>;

class RepeatCounts
{
public:
    // The number of instances `repeat`'s count asks for, evaluated in `context` (set to the
    // repeat: the scope around it): the value as a number truncated toward zero; NaN, the
    // empty string and negative numbers are 0. Runtime errors are returned.
    static Result<int> expected(const FieldDefinition &repeat, const EvalContext &context);

    // The values with every relevant count-driven repeat holding as many instances as its
    // count asks for (at most `maxInstances`): trailing instances removed (into `stash` when
    // given), new ones added at the end (from `stash` first, else new with their defaults and
    // dynamic defaults), outer repeats before the ones inside them; calculations recomputed.
    // Repeats whose count cannot be evaluated, and values that are not arrays, are left alone.
    static QJsonObject follow(const FormDefinition &form, const QJsonObject &values,
                              const QDateTime &now = {}, InstanceStash *stash = nullptr,
                              int maxInstances = formlimits::kMaxRepeatCount);
};

} // namespace outpost
