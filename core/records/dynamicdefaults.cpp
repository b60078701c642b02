#include "dynamicdefaults.h"

#include "calculator.h"
#include "fieldvalue.h"
#include "isodate.h"
#include "recordcontext.h"
#include "recordpath.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace outpost {

namespace {

// A date or datetime the value stands for, with its own UTC offset (the clock's for a date).
std::optional<QDateTime> dateTimeOf(const Value &value, const QDateTime &now)
{
    const QString text = value.toString().trimmed();
    if (const auto date = IsoDate::parseDate(text))
        return QDateTime(*date, QTime(0, 0), Qt::OffsetFromUTC, now.offsetFromUtc());
    if (const auto dateTime = IsoDate::parseDateTime(text, false))
        return *dateTime;
    if (value.isNumber()) {
        const QDate date = IsoDate::dateFromDays(value.toNumber());
        if (!date.isValid())
            return std::nullopt;
        return QDateTime(date, QTime(0, 0), Qt::UTC)
            .addMSecs(static_cast<qint64>(
                std::round((value.toNumber() - std::floor(value.toNumber())) * 86400000.0)));
    }
    return std::nullopt;
}

QJsonValue convert(const FieldDefinition &field, const Value &value, const QDateTime &now)
{
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return QJsonValue::Undefined;
    switch (field.type) {
    case FieldType::Integer: {
        const double n = std::trunc(value.toNumber());
        if (!std::isfinite(n) || std::fabs(n) > 9007199254740992.0)
            return QJsonValue::Undefined;
        return QJsonValue(static_cast<qint64>(n));
    }
    case FieldType::Decimal: {
        const double n = value.toNumber();
        return std::isfinite(n) ? QJsonValue(n) : QJsonValue(QJsonValue::Undefined);
    }
    case FieldType::Date: {
        const auto at = dateTimeOf(value, now);
        return at ? QJsonValue(IsoDate::formatDate(at->date())) : QJsonValue::Undefined;
    }
    case FieldType::DateTime: {
        const auto at = dateTimeOf(value, now);
        if (!at)
            return QJsonValue::Undefined;
        return IsoDate::formatDateTime(at->toOffsetFromUtc(at->offsetFromUtc()));
    }
    case FieldType::Time: {
        if (IsoDate::parseTime(text))
            return text;
        const auto at = dateTimeOf(value, now);
        if (!at || !IsoDate::parseDateTime(text, false))
            return QJsonValue::Undefined;
        return IsoDate::formatDateTime(*at).section(QLatin1Char('T'), 1); // "10:00:00.000+02:00"
    }
    case FieldType::SelectMultiple: {
        QJsonArray names;
        static const QRegularExpression whitespace(QStringLiteral("\\s+"));
        for (const QString &name : text.split(whitespace, Qt::SkipEmptyParts)) {
            if (!names.contains(name))
                names.append(name);
        }
        return names;
    }
    case FieldType::GeoPoint: {
        const QStringList parts = text.simplified().split(u' ');
        static const char *const keys[] = {"lat", "lon", "altitude", "accuracy"};
        if (parts.size() < 2 || parts.size() > 4)
            return QJsonValue::Undefined;
        QJsonObject point;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const double n = Value::stringToNumber(parts.at(i));
            if (!std::isfinite(n))
                return QJsonValue::Undefined;
            point.insert(QLatin1String(keys[i]), n);
        }
        return point;
    }
    default:
        return text;
    }
}

class Applier
{
public:
    Applier(const FormIndex &index, QJsonObject &values, const QDateTime &now)
        : m_index(index), m_values(values), m_now(now)
    {}

    void scope(const QList<FieldDefinition> &fields, const QList<int> &chain,
               const QList<int> &instances)
    {
        for (const FieldDefinition &field : fields) {
            if (field.type == FieldType::Group) {
                scope(field.fields, chain, instances);
            } else if (field.type == FieldType::Repeat) {
                const QJsonArray array =
                    RecordPath::get(m_index, m_values, chain, instances, field.name).toArray();
                QList<int> innerChain = chain;
                innerChain.append(m_index.indexOf(&field));
                for (int i = 0; i < array.size(); ++i) {
                    QList<int> inner = instances;
                    inner.append(i);
                    scope(field.fields, innerChain, inner);
                }
            } else if (field.hasDynamicDefault()) {
                apply(field, chain, instances);
            }
        }
    }

private:
    void apply(const FieldDefinition &field, const QList<int> &chain, const QList<int> &instances)
    {
        if (!FieldValue::isEmpty(RecordPath::get(m_index, m_values, chain, instances, field.name)))
            return;
        const int at = m_index.indexOf(&field);
        QJsonValue value;
        {
            RecordContext context(m_index, m_values, m_now);
            context.setCurrent(at, instances);
            auto result = field.defaultExpression.evaluate(context);
            if (!result)
                return;
            value = DynamicDefaults::toFieldValue(m_index.form(), field, *result, m_now);
        }
        if (value.isUndefined())
            return;
        RecordPath::set(m_index, m_values, chain, instances, field.name, value);
        m_values = Calculator::apply(m_index.form(), m_values, m_now);
    }

    const FormIndex &m_index;
    QJsonObject &m_values;
    QDateTime m_now;
};

} // namespace

QJsonValue DynamicDefaults::toFieldValue(const FormDefinition &form, const FieldDefinition &field,
                                         const Value &value, const QDateTime &now)
{
    const QJsonValue converted =
        convert(field, value, now.isValid() ? now : QDateTime::currentDateTime());
    if (converted.isUndefined() || FieldValue::isEmpty(converted))
        return QJsonValue::Undefined;
    if (FieldValue::check(field, form.choicesOf(field), converted))
        return QJsonValue::Undefined;
    return converted;
}

QJsonObject DynamicDefaults::apply(const FormIndex &index, const QJsonObject &values,
                                   const QList<int> &chain, const QList<int> &instances,
                                   const QDateTime &now)
{
    QJsonObject result = values;
    Applier applier(index, result, now);
    if (chain.isEmpty()) {
        applier.scope(index.form().fields, {}, {});
    } else {
        const FieldDefinition &repeat = *index.at(chain.last()).definition;
        applier.scope(repeat.fields, chain, instances);
    }
    return result;
}

} // namespace outpost
