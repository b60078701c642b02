// The expression language (core/expr): Expression::parse on the fuzz input (UTF-8), then, for
// what parses, references() and evaluate() against a small MapContext with numbers, strings,
// dates and node-sets, and a fixed clock.
#include "expression.h"
#include "fuzzcheck.h"
#include "isodate.h"
#include "mapcontext.h"

using namespace outpost;

namespace {

MapContext makeContext()
{
    MapContext context;
    context.setValue(QStringLiteral("age"), Value::fromNumber(34));
    context.setValue(QStringLiteral("height"), Value::fromNumber(1.75));
    context.setValue(QStringLiteral("name"), Value::fromString(QStringLiteral("Alice")));
    context.setValue(QStringLiteral("empty"), Value());
    context.setValue(QStringLiteral("colours"),
                     Value::fromString(QStringLiteral("red green blue")));
    const QDate dob(1990, 5, 17);
    context.setValue(QStringLiteral("dob"),
                     Value::fromDate(IsoDate::daysFromDate(dob), IsoDate::formatDate(dob), false));
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

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const MapContext context = makeContext();
    const QString source = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto expression = Expression::parse(source);
    if (!expression)
        return 0;
    (void)expression->references();
    (void)expression->usesCurrentValue();
    if (const auto value = expression->evaluate(context))
        (void)value->toString();
    (void)expression->evaluateBoolean(context);
    return 0;
}
