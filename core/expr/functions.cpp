#include "functions.h"

#include "dateformat.h"
#include "evalcontext.h"
#include "isodate.h"
#include "regexcache.h"

#include <QRandomGenerator>
#include <QStringList>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <limits>

namespace outpost {

namespace {

using Args = QList<Value>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QStringList selections(const Value &value)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    return value.toString().split(whitespace, Qt::SkipEmptyParts);
}

// Whether the space-separated `list` holds `name`; no allocation (choice filters call it
// once per choice).
bool listContains(QStringView list, QStringView name)
{
    qsizetype i = 0;
    while (i < list.size()) {
        while (i < list.size() && list.at(i).isSpace())
            ++i;
        qsizetype end = i;
        while (end < list.size() && !list.at(end).isSpace())
            ++end;
        if (end > i && list.sliced(i, end - i) == name)
            return true;
        i = end;
    }
    return false;
}

QList<Value> flatten(const Args &args)
{
    QList<Value> all;
    for (const Value &arg : args)
        all.append(arg.toNodes());
    return all;
}

Result<Value> fnNot(const Args &a, const EvalContext &)
{
    return Value::fromBoolean(!a[0].toBoolean());
}

Result<Value> fnTrue(const Args &, const EvalContext &)
{
    return Value::fromBoolean(true);
}

Result<Value> fnFalse(const Args &, const EvalContext &)
{
    return Value::fromBoolean(false);
}

Result<Value> fnBoolean(const Args &a, const EvalContext &)
{
    return Value::fromBoolean(a[0].toBoolean());
}

Result<Value> fnCoalesce(const Args &a, const EvalContext &)
{
    return a[0].toString().isEmpty() ? a[1] : a[0];
}

Result<Value> fnNumber(const Args &a, const EvalContext &)
{
    return Value::fromNumber(a[0].toNumber());
}

Result<Value> fnInt(const Args &a, const EvalContext &)
{
    return Value::fromNumber(std::trunc(a[0].toNumber()));
}

Result<Value> fnRound(const Args &a, const EvalContext &)
{
    const double x = a[0].toNumber();
    if (a.size() == 1)
        return Value::fromNumber(std::isfinite(x) ? std::floor(x + 0.5) : x);
    const double digits = std::trunc(a[1].toNumber());
    if (!std::isfinite(x) || std::isnan(digits))
        return Value::fromNumber(std::isnan(digits) ? kNaN : x);
    const double scale = std::pow(10.0, std::clamp(digits, -308.0, 308.0));
    return Value::fromNumber(std::round(x * scale) / scale);
}

Result<Value> fnFloor(const Args &a, const EvalContext &)
{
    return Value::fromNumber(std::floor(a[0].toNumber()));
}

Result<Value> fnCeiling(const Args &a, const EvalContext &)
{
    return Value::fromNumber(std::ceil(a[0].toNumber()));
}

Result<Value> fnAbs(const Args &a, const EvalContext &)
{
    return Value::fromNumber(std::fabs(a[0].toNumber()));
}

Result<Value> fnPow(const Args &a, const EvalContext &)
{
    return Value::fromNumber(std::pow(a[0].toNumber(), a[1].toNumber()));
}

Result<Value> fnSqrt(const Args &a, const EvalContext &)
{
    return Value::fromNumber(std::sqrt(a[0].toNumber()));
}

template<bool IsMax> Result<Value> fnMinMax(const Args &a, const EvalContext &)
{
    const QList<Value> all = flatten(a);
    if (all.isEmpty())
        return Value::fromNumber(kNaN);
    double result =
        IsMax ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (const Value &v : all) {
        const double d = v.toNumber();
        if (std::isnan(d))
            return Value::fromNumber(kNaN);
        result = IsMax ? std::max(result, d) : std::min(result, d);
    }
    return Value::fromNumber(result);
}

Result<Value> fnSum(const Args &a, const EvalContext &)
{
    double total = 0;
    for (const Value &v : a[0].toNodes())
        total += v.toNumber();
    return Value::fromNumber(total);
}

Result<Value> fnCount(const Args &a, const EvalContext &)
{
    return Value::fromNumber(static_cast<double>(a[0].toNodes().size()));
}

Result<Value> fnCountNonEmpty(const Args &a, const EvalContext &)
{
    const QList<Value> nodes = a[0].toNodes();
    return Value::fromNumber(static_cast<double>(std::count_if(
        nodes.begin(), nodes.end(), [](const Value &v) { return !v.toString().isEmpty(); })));
}

Result<Value> fnString(const Args &a, const EvalContext &)
{
    return Value::fromString(a[0].toString());
}

Result<Value> fnConcat(const Args &a, const EvalContext &)
{
    QString text;
    for (const Value &v : flatten(a))
        text += v.toString();
    return Value::fromString(text);
}

Result<Value> fnJoin(const Args &a, const EvalContext &)
{
    QStringList parts;
    for (const Value &v : a[1].toNodes())
        parts.append(v.toString());
    return Value::fromString(parts.join(a[0].toString()));
}

Result<Value> fnStringLength(const Args &a, const EvalContext &context)
{
    const QString text = a.isEmpty() ? context.currentValue().toString() : a[0].toString();
    return Value::fromNumber(static_cast<double>(text.size()));
}

Result<Value> fnContains(const Args &a, const EvalContext &)
{
    return Value::fromBoolean(a[0].toString().contains(a[1].toString()));
}

Result<Value> fnStartsWith(const Args &a, const EvalContext &)
{
    return Value::fromBoolean(a[0].toString().startsWith(a[1].toString()));
}

Result<Value> fnEndsWith(const Args &a, const EvalContext &)
{
    return Value::fromBoolean(a[0].toString().endsWith(a[1].toString()));
}

// ODK substr(string, start[, end]): 0-based start, end exclusive, clamped to the string.
Result<Value> fnSubstr(const Args &a, const EvalContext &)
{
    const QString text = a[0].toString();
    const double size = static_cast<double>(text.size());
    const double startRaw = a[1].toNumber();
    const double endRaw = a.size() > 2 ? a[2].toNumber() : size;
    if (std::isnan(startRaw) || std::isnan(endRaw))
        return Value::fromString(QString());
    const auto start = static_cast<qsizetype>(std::clamp(std::trunc(startRaw), 0.0, size));
    const auto end = static_cast<qsizetype>(std::clamp(std::trunc(endRaw), 0.0, size));
    return Value::fromString(end > start ? text.mid(start, end - start) : QString());
}

Result<Value> fnNormalizeSpace(const Args &a, const EvalContext &context)
{
    const QString text = a.isEmpty() ? context.currentValue().toString() : a[0].toString();
    return Value::fromString(text.simplified());
}

Result<Value> fnRegex(const Args &a, const EvalContext &)
{
    auto found = RegexCache::search(a[1].toString(), a[0].toString());
    if (!found)
        return found.error();
    return Value::fromBoolean(*found);
}

Result<Value> fnSelected(const Args &a, const EvalContext &)
{
    const QString name = a[1].toString().trimmed();
    return Value::fromBoolean(!name.isEmpty() && listContains(a[0].toString(), name));
}

Result<Value> fnCountSelected(const Args &a, const EvalContext &)
{
    return Value::fromNumber(static_cast<double>(selections(a[0]).size()));
}

// selected-at(list, n): the n-th (0-based) selection, or "" when there is none.
Result<Value> fnSelectedAt(const Args &a, const EvalContext &)
{
    const QStringList list = selections(a[0]);
    const double n = a[1].toNumber();
    if (std::isnan(n) || n < 0 || n >= static_cast<double>(list.size()))
        return Value::fromString(QString());
    return Value::fromString(list.at(static_cast<qsizetype>(n)));
}

Result<Value> fnToday(const Args &, const EvalContext &context)
{
    const QDate today = context.now().date();
    return Value::fromDate(IsoDate::daysFromDate(today), IsoDate::formatDate(today), false);
}

Result<Value> fnNow(const Args &, const EvalContext &context)
{
    const QDateTime now = context.now();
    return Value::fromDate(IsoDate::daysFromDateTime(now), IsoDate::formatDateTime(now), true);
}

Result<Value> fnDate(const Args &a, const EvalContext &)
{
    const Value &v = a[0];
    switch (v.type()) {
    case Value::Type::Date:
        return v;
    case Value::Type::Number: {
        const QDate date = IsoDate::dateFromDays(v.toNumber());
        if (!date.isValid())
            return Value::fromString(QString());
        return Value::fromDate(IsoDate::daysFromDate(date), IsoDate::formatDate(date), false);
    }
    case Value::Type::String:
    case Value::Type::NodeSet: {
        const QString text = v.toString().trimmed();
        if (const auto date = IsoDate::parseDate(text))
            return Value::fromDate(IsoDate::daysFromDate(*date), IsoDate::formatDate(*date), false);
        if (const auto dateTime = IsoDate::parseDateTime(text, false))
            return Value::fromDate(IsoDate::daysFromDateTime(*dateTime),
                                   IsoDate::formatDateTime(*dateTime), true);
        return Value::fromString(QString());
    }
    case Value::Type::Boolean:
        break;
    }
    return Value::fromString(QString());
}

// format-date(value, pattern) and format-date-time(value, pattern): "" when the value is
// not a date.
Result<Value> fnFormatDate(const Args &a, const EvalContext &)
{
    const auto wallClock = DateFormat::wallClock(a[0]);
    if (!wallClock)
        return Value::fromString(QString());
    return Value::fromString(DateFormat::format(*wallClock, a[1].toString()));
}

// uuid(): a random RFC 4122 version 4 UUID; uuid(n): n random letters and digits (n is
// capped at kMaxUuidChars; "" for NaN or n < 1).
constexpr int kMaxUuidChars = 1024;

Result<Value> fnUuid(const Args &a, const EvalContext &)
{
    if (a.isEmpty())
        return Value::fromString(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const double n = a[0].toNumber();
    if (std::isnan(n) || n < 1)
        return Value::fromString(QString());
    static const QLatin1String alphabet("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                                        "TUVWXYZ");
    const auto length = static_cast<qsizetype>(std::min(n, double(kMaxUuidChars)));
    QString text(length, Qt::Uninitialized);
    for (qsizetype i = 0; i < length; ++i)
        text[i] = alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
    return Value::fromString(text);
}

Result<Value> fnDecimalDateTime(const Args &a, const EvalContext &)
{
    return Value::fromNumber(a[0].toDays());
}

constexpr int kNone = -1;
constexpr int kAll = FunctionSpec::kAllArgs;

// Sorted by name.
const FunctionSpec kFunctions[] = {
    {"abs", 1, 1, kNone, false, fnAbs},
    {"boolean", 1, 1, kNone, false, fnBoolean},
    {"ceiling", 1, 1, kNone, false, fnCeiling},
    {"coalesce", 2, 2, kNone, false, fnCoalesce},
    {"concat", 0, -1, kAll, false, fnConcat},
    {"contains", 2, 2, kNone, false, fnContains},
    {"count", 1, 1, 0, true, fnCount},
    {"count-non-empty", 1, 1, 0, true, fnCountNonEmpty},
    {"count-selected", 1, 1, kNone, false, fnCountSelected},
    {"date", 1, 1, kNone, false, fnDate},
    {"decimal-date-time", 1, 1, kNone, false, fnDecimalDateTime},
    {"ends-with", 2, 2, kNone, false, fnEndsWith},
    {"false", 0, 0, kNone, false, fnFalse},
    {"floor", 1, 1, kNone, false, fnFloor},
    {"format-date", 2, 2, kNone, false, fnFormatDate},
    {"format-date-time", 2, 2, kNone, false, fnFormatDate},
    {"if", 3, 3, kNone, false, nullptr},
    {"indexed-repeat", 3, 7, FunctionSpec::kFieldAndRepeatArgs, true, nullptr},
    {"int", 1, 1, kNone, false, fnInt},
    {"join", 2, 2, 1, true, fnJoin},
    {"max", 1, -1, kAll, false, fnMinMax<true>},
    {"min", 1, -1, kAll, false, fnMinMax<false>},
    {"normalize-space", 0, 1, kNone, false, fnNormalizeSpace},
    {"not", 1, 1, kNone, false, fnNot},
    {"now", 0, 0, kNone, false, fnNow},
    {"number", 1, 1, kNone, false, fnNumber},
    {"once", 1, 1, kNone, false, nullptr},
    {"position", 1, 1, kNone, false, nullptr},
    {"pow", 2, 2, kNone, false, fnPow},
    {"regex", 2, 2, kNone, false, fnRegex},
    {"round", 1, 2, kNone, false, fnRound},
    {"selected", 2, 2, kNone, false, fnSelected},
    {"selected-at", 2, 2, kNone, false, fnSelectedAt},
    {"sqrt", 1, 1, kNone, false, fnSqrt},
    {"starts-with", 2, 2, kNone, false, fnStartsWith},
    {"string", 1, 1, kNone, false, fnString},
    {"string-length", 0, 1, kNone, false, fnStringLength},
    {"substr", 2, 3, kNone, false, fnSubstr},
    {"sum", 1, 1, 0, true, fnSum},
    {"today", 0, 0, kNone, false, fnToday},
    {"true", 0, 0, kNone, false, fnTrue},
    {"uuid", 0, 1, kNone, false, fnUuid},
};

} // namespace

const FunctionSpec *FunctionSpec::find(const QString &name)
{
    for (const FunctionSpec &spec : kFunctions) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

QStringList FunctionSpec::names()
{
    QStringList list;
    for (const FunctionSpec &spec : kFunctions)
        list.append(QString::fromLatin1(spec.name));
    return list;
}

} // namespace outpost
