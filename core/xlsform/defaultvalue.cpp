#include "defaultvalue.h"

#include "expression.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace outpost {

namespace {

Error bad(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_xlsform"), message);
}

bool looksDynamic(const QString &text)
{
    static const QRegularExpression call(QStringLiteral("^\\s*[A-Za-z][A-Za-z0-9:_-]*\\s*\\("));
    return text.contains(QStringLiteral("${")) || call.match(text).hasMatch();
}

} // namespace

bool DefaultValue::isDynamic(FieldType type, const QString &text)
{
    if (looksDynamic(text))
        return true;
    if (type != FieldType::Integer && type != FieldType::Decimal)
        return false;
    bool number = false;
    text.toDouble(&number);
    return !number && Expression::parse(text).ok();
}

Result<QJsonValue> DefaultValue::fromCell(FieldType type, const QString &text)
{
    switch (type) {
    case FieldType::Integer:
    case FieldType::Decimal: {
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (!ok || !std::isfinite(number))
            return bad(QStringLiteral("\"%1\" is not a number").arg(text));
        // Whole numbers as integers, as JSON parsing gives them (so that definitions compare
        // equal after a round trip through JSON).
        if (number == std::trunc(number) && std::fabs(number) <= 9007199254740992.0)
            return QJsonValue(static_cast<qint64>(number));
        return QJsonValue(number);
    }
    case FieldType::Date: {
        bool ok = false;
        const double serial = text.toDouble(&ok);
        if (ok) { // a date cell: days since 1899-12-30 (the 1900 date system)
            if (serial < 1 || serial > 2958465)
                return bad(QStringLiteral("\"%1\" is not a date").arg(text));
            return QJsonValue(QDate(1899, 12, 30)
                                  .addDays(static_cast<qint64>(std::floor(serial)))
                                  .toString(Qt::ISODate));
        }
        return QJsonValue(text);
    }
    case FieldType::SelectMultiple: {
        QJsonArray names;
        for (const QString &name :
             text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
            names.append(name);
        return QJsonValue(names);
    }
    case FieldType::GeoPoint: {
        const QStringList parts = text.simplified().split(u' ');
        static const char *keys[] = {"lat", "lon", "altitude", "accuracy"};
        if (parts.size() < 2 || parts.size() > 4)
            return bad(QStringLiteral("\"%1\" is not a point \"latitude longitude [altitude "
                                      "[accuracy]]\"")
                           .arg(text));
        QJsonObject point;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            bool ok = false;
            const double value = parts.at(i).toDouble(&ok);
            if (!ok)
                return bad(QStringLiteral("\"%1\" is not a point: \"%2\" is not a number")
                               .arg(text, parts.at(i)));
            point.insert(QLatin1String(keys[i]), value);
        }
        return QJsonValue(point);
    }
    default:
        return QJsonValue(text);
    }
}

} // namespace outpost
