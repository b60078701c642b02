#include "fieldvalue.h"

#include "formlimits.h"
#include "isodate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QUuid>

#include <cmath>

namespace outpost {

namespace {

constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

ValueProblem typeProblem(const QString &message)
{
    return ValueProblem{QStringLiteral("type"), message};
}

ValueProblem rangeProblem(const QString &message)
{
    return ValueProblem{QStringLiteral("range"), message};
}

QString shortJson(const QJsonValue &value)
{
    if (value.isString()) {
        const QString text = value.toString();
        return QLatin1Char('"') +
               (text.size() > 40 ? text.left(40) + QStringLiteral("...") : text) + QLatin1Char('"');
    }
    if (value.isDouble())
        return Value::numberToString(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isArray())
        return QStringLiteral("an array");
    if (value.isObject())
        return QStringLiteral("an object");
    return QStringLiteral("null");
}

std::optional<ValueProblem> checkNumber(const QJsonValue &value, bool integral)
{
    if (!value.isDouble())
        return typeProblem(QStringLiteral("expected a number, got %1").arg(shortJson(value)));
    const double d = value.toDouble();
    if (integral && d != std::trunc(d))
        return typeProblem(QStringLiteral("expected a whole number, got %1").arg(shortJson(value)));
    if (integral && std::fabs(d) > kMaxExactInteger)
        return rangeProblem(QStringLiteral("the number is too large"));
    return std::nullopt;
}

std::optional<ValueProblem> checkGeoPoint(const QJsonValue &value)
{
    if (!value.isObject())
        return typeProblem(QStringLiteral("expected a location {lat, lon, accuracy}, got %1")
                               .arg(shortJson(value)));
    const QJsonObject point = value.toObject();
    static const QSet<QString> known{QStringLiteral("lat"), QStringLiteral("lon"),
                                     QStringLiteral("altitude"), QStringLiteral("accuracy")};
    for (auto it = point.begin(); it != point.end(); ++it) {
        if (!known.contains(it.key()))
            return typeProblem(QStringLiteral("unknown location member \"%1\"").arg(it.key()));
        if (!it->isDouble())
            return typeProblem(
                QStringLiteral("location member \"%1\" must be a number").arg(it.key()));
    }
    if (!point.contains(QStringLiteral("lat")) || !point.contains(QStringLiteral("lon")))
        return typeProblem(QStringLiteral("a location needs \"lat\" and \"lon\""));
    const double lat = point.value(QStringLiteral("lat")).toDouble();
    const double lon = point.value(QStringLiteral("lon")).toDouble();
    if (lat < -90 || lat > 90)
        return rangeProblem(
            QStringLiteral("latitude %1 is outside -90..90").arg(Value::numberToString(lat)));
    if (lon < -180 || lon > 180)
        return rangeProblem(
            QStringLiteral("longitude %1 is outside -180..180").arg(Value::numberToString(lon)));
    if (point.contains(QStringLiteral("accuracy")) &&
        point.value(QStringLiteral("accuracy")).toDouble() < 0)
        return rangeProblem(QStringLiteral("accuracy must not be negative"));
    return std::nullopt;
}

std::optional<ValueProblem> checkAttachment(const QJsonValue &value, bool photo)
{
    if (!value.isObject())
        return typeProblem(QStringLiteral("expected an attachment {id, sha256, size, type, name}, "
                                          "got %1")
                               .arg(shortJson(value)));
    const QJsonObject file = value.toObject();
    static const QStringList members{QStringLiteral("id"), QStringLiteral("sha256"),
                                     QStringLiteral("size"), QStringLiteral("type"),
                                     QStringLiteral("name")};
    for (auto it = file.begin(); it != file.end(); ++it) {
        if (!members.contains(it.key()))
            return typeProblem(QStringLiteral("unknown attachment member \"%1\"").arg(it.key()));
    }
    for (const QString &member : members) {
        if (!file.contains(member))
            return typeProblem(QStringLiteral("the attachment has no \"%1\"").arg(member));
    }
    const QJsonValue id = file.value(QStringLiteral("id"));
    if (!id.isString() || QUuid::fromString(id.toString()).isNull())
        return typeProblem(QStringLiteral("attachment \"id\" must be a UUID"));
    static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}\\z"));
    const QJsonValue hash = file.value(QStringLiteral("sha256"));
    if (!hash.isString() || !sha256.match(hash.toString()).hasMatch())
        return typeProblem(QStringLiteral("attachment \"sha256\" must be 64 lowercase hex digits"));
    const QJsonValue size = file.value(QStringLiteral("size"));
    const double bytes = size.toDouble(-1);
    if (!size.isDouble() || bytes != std::trunc(bytes) || bytes < 0 || bytes > kMaxExactInteger)
        return typeProblem(QStringLiteral("attachment \"size\" must be a whole number of bytes"));
    static const QRegularExpression mime(
        QStringLiteral("^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\\z"));
    const QJsonValue type = file.value(QStringLiteral("type"));
    if (!type.isString() || !mime.match(type.toString()).hasMatch())
        return typeProblem(QStringLiteral("attachment \"type\" must be a MIME type such as "
                                          "image/jpeg"));
    if (photo && !type.toString().startsWith(QLatin1String("image/")))
        return typeProblem(
            QStringLiteral("a photo must have an image/* type, not %1").arg(type.toString()));
    const QJsonValue name = file.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().isEmpty() || name.toString().size() > 255 ||
        name.toString().contains(QLatin1Char('/')))
        return typeProblem(QStringLiteral("attachment \"name\" must be a file name (no '/', at "
                                          "most 255 characters)"));
    return std::nullopt;
}

std::optional<ValueProblem> checkSelectMultiple(const QJsonValue &value, const ChoiceList *choices)
{
    if (!value.isArray())
        return typeProblem(
            QStringLiteral("expected an array of choice names, got %1").arg(shortJson(value)));
    QSet<QString> seen;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return typeProblem(
                QStringLiteral("expected an array of choice names, found %1").arg(shortJson(item)));
        const QString name = item.toString();
        if (choices && !choices->contains(name))
            return ValueProblem{QStringLiteral("choice"),
                                QStringLiteral("\"%1\" is not one of the choices").arg(name)};
        if (seen.contains(name))
            return ValueProblem{QStringLiteral("choice"),
                                QStringLiteral("\"%1\" is selected twice").arg(name)};
        seen.insert(name);
    }
    return std::nullopt;
}

std::optional<ValueProblem> checkString(const QJsonValue &value, const QString &expected)
{
    if (!value.isString())
        return typeProblem(QStringLiteral("expected %1, got %2").arg(expected, shortJson(value)));
    return std::nullopt;
}

} // namespace

bool FieldValue::isEmpty(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull() ||
           (value.isString() && value.toString().isEmpty()) ||
           (value.isArray() && value.toArray().isEmpty());
}

std::optional<ValueProblem> FieldValue::check(const FieldDefinition &field,
                                              const ChoiceList *choices, const QJsonValue &value)
{
    switch (field.type) {
    case FieldType::Text:
        if (auto problem = checkString(value, QStringLiteral("text")))
            return problem;
        if (value.toString().size() > formlimits::kMaxTextValueChars)
            return rangeProblem(QStringLiteral("the text is longer than %1 characters")
                                    .arg(formlimits::kMaxTextValueChars));
        return std::nullopt;
    case FieldType::Integer:
        return checkNumber(value, true);
    case FieldType::Decimal:
        return checkNumber(value, false);
    case FieldType::Date:
        if (!value.isString() || !IsoDate::parseDate(value.toString()))
            return typeProblem(
                QStringLiteral("expected a date YYYY-MM-DD, got %1").arg(shortJson(value)));
        return std::nullopt;
    case FieldType::DateTime:
        if (!value.isString() || !IsoDate::parseDateTime(value.toString(), true))
            return typeProblem(QStringLiteral("expected a date and time with a UTC offset "
                                              "(2024-05-01T14:30:00+02:00), got %1")
                                   .arg(shortJson(value)));
        return std::nullopt;
    case FieldType::Time:
        if (!value.isString() || !IsoDate::parseTime(value.toString()))
            return typeProblem(
                QStringLiteral("expected a time HH:MM[:SS], got %1").arg(shortJson(value)));
        return std::nullopt;
    case FieldType::SelectOne:
        if (auto problem = checkString(value, QStringLiteral("a choice name")))
            return problem;
        if (choices && !choices->contains(value.toString()))
            return ValueProblem{
                QStringLiteral("choice"),
                QStringLiteral("\"%1\" is not one of the choices").arg(value.toString())};
        return std::nullopt;
    case FieldType::SelectMultiple:
        return checkSelectMultiple(value, choices);
    case FieldType::GeoPoint:
        return checkGeoPoint(value);
    case FieldType::Photo:
        return checkAttachment(value, true);
    case FieldType::File:
        return checkAttachment(value, false);
    case FieldType::Calculate:
        if (!value.isString() && !value.isDouble() && !value.isBool())
            return typeProblem(QStringLiteral("expected a string, number or boolean, got %1")
                                   .arg(shortJson(value)));
        return std::nullopt;
    case FieldType::Note:
    case FieldType::Group:
        return ValueProblem{QStringLiteral("unexpected_value"),
                            QStringLiteral("a %1 holds no value").arg(fieldTypeName(field.type))};
    case FieldType::Repeat:
        if (!value.isArray())
            return typeProblem(
                QStringLiteral("expected an array of instances, got %1").arg(shortJson(value)));
        return std::nullopt;
    }
    return std::nullopt;
}

Value FieldValue::toExpressionValue(const FieldDefinition &field, const QJsonValue &value)
{
    if (isEmpty(value))
        return Value();
    switch (field.type) {
    case FieldType::Integer:
    case FieldType::Decimal:
        if (value.isDouble())
            return Value::fromNumber(value.toDouble());
        break;
    case FieldType::Date:
        if (const auto date = IsoDate::parseDate(value.toString()))
            return Value::fromDate(IsoDate::daysFromDate(*date), value.toString(), false);
        break;
    case FieldType::DateTime:
        if (const auto dateTime = IsoDate::parseDateTime(value.toString(), false))
            return Value::fromDate(IsoDate::daysFromDateTime(*dateTime), value.toString(), true);
        break;
    case FieldType::SelectMultiple:
        if (value.isArray()) {
            QStringList names;
            for (const QJsonValue &item : value.toArray())
                names.append(item.toVariant().toString());
            return Value::fromString(names.join(QLatin1Char(' ')));
        }
        break;
    case FieldType::GeoPoint:
        if (value.isObject()) {
            const QJsonObject point = value.toObject();
            QStringList parts;
            for (const char *key : {"lat", "lon", "altitude", "accuracy"})
                parts.append(Value::numberToString(point.value(QLatin1String(key)).toDouble(0)));
            return Value::fromString(parts.join(QLatin1Char(' ')));
        }
        break;
    case FieldType::Photo:
    case FieldType::File:
        if (value.isObject())
            return Value::fromString(value.toObject().value(QStringLiteral("name")).toString());
        break;
    case FieldType::Calculate:
        if (value.isDouble())
            return Value::fromNumber(value.toDouble());
        if (value.isBool())
            return Value::fromBoolean(value.toBool());
        break;
    case FieldType::Note:
    case FieldType::Group:
    case FieldType::Repeat:
        return Value();
    default:
        break;
    }
    if (value.isString())
        return Value::fromString(value.toString());
    if (value.isDouble())
        return Value::fromNumber(value.toDouble());
    if (value.isBool())
        return Value::fromBoolean(value.toBool());
    return Value();
}

} // namespace outpost
