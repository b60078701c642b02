// Where an expression gets its inputs: the values of ${fields}, the current value `.`, the
// position in a repeat and the clock. The record side implements it over a record
// (RecordContext); MapContext is a simple one for tests and tools.
#pragma once

#include "value.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace outpost {

class EvalContext
{
public:
    virtual ~EvalContext() = default;

    // The value of ${name}: a single value (the empty string when unanswered), or a node-set
    // when the reference reaches into repeat instances from outside them.
    virtual Value fieldValue(const QString &name) const = 0;
    // The value of `.`: the field the expression belongs to.
    virtual Value currentValue() const = 0;
    // 1-based index of the current repeat instance; 0 outside any repeat.
    virtual int position() const = 0;
    // The clock for today() and now(), in the device's local time zone unless overridden.
    virtual QDateTime now() const { return QDateTime::currentDateTime(); }
    // indexed-repeat(): the value of ${field} in instance positions[i] (1-based) of each of
    // `repeats` (repeat names, outermost first); the repeats enclosing them that are not
    // given are the current ones. The empty string when an instance does not exist. Contexts
    // without repeats keep this default.
    virtual Value indexedValue(const QString &field, const QStringList &repeats,
                               const QList<int> &positions) const
    {
        Q_UNUSED(field);
        Q_UNUSED(repeats);
        Q_UNUSED(positions);
        return Value();
    }
};

} // namespace outpost
