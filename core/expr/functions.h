// The built-in functions: name, arity and implementation. Every function is listed in
// docs/forms.md; the parser rejects any other name.
#pragma once

#include "result.h"
#include "value.h"

#include <QList>
#include <QString>

namespace outpost {

class EvalContext;

struct FunctionSpec
{
    using Impl = Result<Value> (*)(const QList<Value> &args, const EvalContext &context);

    const char *name;
    int minArgs;
    int maxArgs; // -1: unbounded
    // Arguments (0-based) that take a node-set: all values of a field across repeat
    // instances. -1: none; kAllArgs: every argument.
    int nodeSetArg;
    // True when the argument must be a ${field} reference (count(), sum(), ...).
    bool nodeSetArgMustBeReference;
    Impl impl; // nullptr for the functions the evaluator handles itself (if, once, position,
               // indexed-repeat)

    static constexpr int kAllArgs = 1000;
    // indexed-repeat(${field}, ${repeat1}, index1, ...): the field and the repeats.
    static constexpr int kFieldAndRepeatArgs = 1001;
    bool takesNodeSet(int argIndex) const
    {
        if (nodeSetArg == kFieldAndRepeatArgs)
            return argIndex == 0 || argIndex % 2 == 1;
        return nodeSetArg == kAllArgs || nodeSetArg == argIndex;
    }

    static const FunctionSpec *find(const QString &name);
    static QStringList names(); // every supported function, sorted
};

} // namespace outpost
