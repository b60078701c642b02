// The fixed context the expression tests evaluate against.
#pragma once

#include "isodate.h"
#include "mapcontext.h"

namespace outpost::test {

inline MapContext exprTestContext()
{
    MapContext context;
    const QDate dob(1990, 5, 17);
    context.setValue(QStringLiteral("age"), Value::fromNumber(34));
    context.setValue(QStringLiteral("height"), Value::fromNumber(1.75));
    context.setValue(QStringLiteral("name"), Value::fromString(QStringLiteral("Alice")));
    context.setValue(QStringLiteral("empty"), Value());
    context.setValue(QStringLiteral("yes"), Value::fromString(QStringLiteral("yes")));
    context.setValue(QStringLiteral("numtext"), Value::fromString(QStringLiteral(" 12.5 ")));
    context.setValue(QStringLiteral("colours"),
                     Value::fromString(QStringLiteral("red green blue")));
    context.setValue(QStringLiteral("dob"),
                     Value::fromDate(IsoDate::daysFromDate(dob), IsoDate::formatDate(dob), false));
    const QDateTime visit(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    context.setValue(
        QStringLiteral("visit"),
        Value::fromDate(IsoDate::daysFromDateTime(visit), IsoDate::formatDateTime(visit), true));
    context.setValue(
        QStringLiteral("ages"),
        Value::fromNodeSet({Value::fromNumber(3), Value::fromNumber(40), Value::fromNumber(7)}));
    context.setValue(QStringLiteral("notes"),
                     Value::fromNodeSet({Value::fromString(QStringLiteral("a")), Value(),
                                         Value::fromString(QStringLiteral("c"))}));
    context.setValue(QStringLiteral("none"), Value::fromNodeSet({}));
    context.setCurrent(Value::fromNumber(5));
    context.setPosition(2);
    context.setNow(QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC));
    return context;
}

} // namespace outpost::test
