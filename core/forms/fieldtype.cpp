#include "fieldtype.h"

#include <QStringList>

#include <array>
#include <utility>

namespace outpost {

namespace {

constexpr std::array<std::pair<FieldType, const char *>, 15> kNames{{
    {FieldType::Text, "text"},
    {FieldType::Integer, "integer"},
    {FieldType::Decimal, "decimal"},
    {FieldType::Date, "date"},
    {FieldType::DateTime, "datetime"},
    {FieldType::Time, "time"},
    {FieldType::SelectOne, "select_one"},
    {FieldType::SelectMultiple, "select_multiple"},
    {FieldType::GeoPoint, "geopoint"},
    {FieldType::Photo, "photo"},
    {FieldType::File, "file"},
    {FieldType::Note, "note"},
    {FieldType::Calculate, "calculate"},
    {FieldType::Group, "group"},
    {FieldType::Repeat, "repeat"},
}};

} // namespace

QString fieldTypeName(FieldType type)
{
    for (const auto &[t, name] : kNames) {
        if (t == type)
            return QString::fromLatin1(name);
    }
    return {};
}

Result<FieldType> fieldTypeFromName(const QString &name)
{
    for (const auto &[t, n] : kNames) {
        if (name == QLatin1String(n))
            return t;
    }
    return Error::permanentError(QStringLiteral("invalid_form"),
                                 QStringLiteral("unknown field type \"%1\" (expected one of: %2)")
                                     .arg(name, fieldTypeNames().join(QStringLiteral(", "))));
}

QStringList fieldTypeNames()
{
    QStringList names;
    for (const auto &entry : kNames)
        names.append(QString::fromLatin1(entry.second));
    return names;
}

bool isInputType(FieldType type)
{
    switch (type) {
    case FieldType::Note:
    case FieldType::Calculate:
    case FieldType::Group:
    case FieldType::Repeat:
        return false;
    default:
        return true;
    }
}

bool holdsValue(FieldType type)
{
    return type != FieldType::Note && type != FieldType::Group;
}

bool isSelectType(FieldType type)
{
    return type == FieldType::SelectOne || type == FieldType::SelectMultiple;
}

bool isAttachmentType(FieldType type)
{
    return type == FieldType::Photo || type == FieldType::File;
}

bool isContainerType(FieldType type)
{
    return type == FieldType::Group || type == FieldType::Repeat;
}

} // namespace outpost
