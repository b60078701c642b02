#include "value.h"

#include "isodate.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace outpost {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

} // namespace

Value Value::fromString(const QString &text)
{
    Value v;
    v.m_type = Type::String;
    v.m_text = text;
    return v;
}

Value Value::fromNumber(double number)
{
    Value v;
    v.m_type = Type::Number;
    v.m_number = number;
    return v;
}

Value Value::fromBoolean(bool boolean)
{
    Value v;
    v.m_type = Type::Boolean;
    v.m_boolean = boolean;
    return v;
}

Value Value::fromDate(double days, const QString &text, bool hasTime)
{
    Value v;
    v.m_type = Type::Date;
    v.m_number = days;
    v.m_text = text;
    v.m_hasTime = hasTime;
    return v;
}

Value Value::fromNodeSet(const QList<Value> &nodes)
{
    Value v;
    v.m_type = Type::NodeSet;
    v.m_nodes = nodes;
    return v;
}

QString Value::toString() const
{
    switch (m_type) {
    case Type::String:
    case Type::Date:
        return m_text;
    case Type::Number:
        return numberToString(m_number);
    case Type::Boolean:
        return m_boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Type::NodeSet:
        return m_nodes.isEmpty() ? QString() : m_nodes.first().toString();
    }
    return {};
}

double Value::toNumber() const
{
    switch (m_type) {
    case Type::String:
        return stringToNumber(m_text);
    case Type::Number:
    case Type::Date:
        return m_number;
    case Type::Boolean:
        return m_boolean ? 1.0 : 0.0;
    case Type::NodeSet:
        return m_nodes.isEmpty() ? kNaN : m_nodes.first().toNumber();
    }
    return kNaN;
}

bool Value::toBoolean() const
{
    switch (m_type) {
    case Type::String:
        return !m_text.isEmpty();
    case Type::Number:
        return m_number != 0 && !std::isnan(m_number);
    case Type::Boolean:
        return m_boolean;
    case Type::Date:
        return true;
    case Type::NodeSet:
        return !m_nodes.isEmpty();
    }
    return false;
}

double Value::toDays() const
{
    switch (m_type) {
    case Type::Date:
        return m_number;
    case Type::String: {
        const QString trimmed = m_text.trimmed();
        if (const auto date = IsoDate::parseDate(trimmed))
            return IsoDate::daysFromDate(*date);
        if (const auto dateTime = IsoDate::parseDateTime(trimmed, false))
            return IsoDate::daysFromDateTime(*dateTime);
        return kNaN;
    }
    case Type::NodeSet:
        return m_nodes.isEmpty() ? kNaN : m_nodes.first().toDays();
    case Type::Number:
    case Type::Boolean:
        return kNaN;
    }
    return kNaN;
}

QList<Value> Value::toNodes() const
{
    if (m_type == Type::NodeSet)
        return m_nodes;
    return {*this};
}

QString Value::numberToString(double number)
{
    if (std::isnan(number))
        return QStringLiteral("NaN");
    if (std::isinf(number))
        return number > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    if (number == 0)
        return QStringLiteral("0"); // also -0
    if (std::fabs(number) < 1e15 && number == std::trunc(number))
        return QString::number(static_cast<qint64>(number));
    return QLocale::c().toString(number, 'f', QLocale::FloatingPointShortest);
}

double Value::stringToNumber(const QString &text)
{
    const QString s = text.trimmed();
    qsizetype i = 0;
    if (i < s.size() && s.at(i) == QLatin1Char('-'))
        ++i;
    qsizetype digits = 0;
    while (i < s.size() && isDigit(s.at(i))) {
        ++i;
        ++digits;
    }
    if (i < s.size() && s.at(i) == QLatin1Char('.')) {
        ++i;
        while (i < s.size() && isDigit(s.at(i))) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0 || i != s.size())
        return kNaN;
    bool ok = false;
    const double d = QLocale::c().toDouble(s, &ok);
    return ok ? d : kNaN;
}

bool Value::operator==(const Value &other) const
{
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::String:
        return m_text == other.m_text;
    case Type::Number:
        return m_number == other.m_number || (std::isnan(m_number) && std::isnan(other.m_number));
    case Type::Boolean:
        return m_boolean == other.m_boolean;
    case Type::Date:
        return m_number == other.m_number && m_text == other.m_text && m_hasTime == other.m_hasTime;
    case Type::NodeSet:
        return m_nodes == other.m_nodes;
    }
    return false;
}

QString valueTypeName(Value::Type type)
{
    switch (type) {
    case Value::Type::String:
        return QStringLiteral("string");
    case Value::Type::Number:
        return QStringLiteral("number");
    case Value::Type::Boolean:
        return QStringLiteral("boolean");
    case Value::Type::Date:
        return QStringLiteral("date");
    case Value::Type::NodeSet:
        return QStringLiteral("node-set");
    }
    return {};
}

} // namespace outpost
