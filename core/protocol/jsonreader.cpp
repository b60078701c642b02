#include "jsonreader.h"

#include <QJsonArray>

namespace outpost {

Result<QJsonValue> JsonReader::member(const QString &key, QJsonValue::Type type) const
{
    const auto it = m_json.constFind(key);
    if (it == m_json.constEnd())
        return error(QStringLiteral("missing member \"%1\"").arg(key));
    if (it->type() != type)
        return error(QStringLiteral("member \"%1\" has the wrong type").arg(key));
    return QJsonValue(*it);
}

Result<QString> JsonReader::string(const QString &key) const
{
    auto value = member(key, QJsonValue::String);
    if (!value)
        return value.error();
    return value->toString();
}

Result<QString> JsonReader::optionalString(const QString &key, const QString &fallback) const
{
    if (!m_json.contains(key) || m_json.value(key).isNull())
        return fallback;
    return string(key);
}

Result<qint64> JsonReader::integer(const QString &key, qint64 min, qint64 max) const
{
    auto value = member(key, QJsonValue::Double);
    if (!value)
        return value.error();
    const double d = value->toDouble();
    constexpr double kExact = 9007199254740992.0; // 2^53
    if (d < -kExact || d > kExact || d != static_cast<double>(static_cast<qint64>(d)) ||
        d < static_cast<double>(min) || d > static_cast<double>(max))
        return error(QStringLiteral("member \"%1\" is out of range").arg(key));
    return static_cast<qint64>(d);
}

Result<qint64> JsonReader::optionalInteger(const QString &key, qint64 min, qint64 max,
                                           qint64 fallback) const
{
    if (!m_json.contains(key) || m_json.value(key).isNull())
        return fallback;
    return integer(key, min, max);
}

Result<bool> JsonReader::optionalBool(const QString &key, bool fallback) const
{
    if (!m_json.contains(key) || m_json.value(key).isNull())
        return fallback;
    auto value = member(key, QJsonValue::Bool);
    if (!value)
        return value.error();
    return value->toBool();
}

Result<QUuid> JsonReader::uuid(const QString &key) const
{
    auto text = string(key);
    if (!text)
        return text.error();
    const QUuid id = QUuid::fromString(*text);
    if (id.isNull())
        return error(QStringLiteral("member \"%1\" is not a UUID").arg(key));
    return id;
}

Result<QJsonObject> JsonReader::object(const QString &key) const
{
    auto value = member(key, QJsonValue::Object);
    if (!value)
        return value.error();
    return value->toObject();
}

Result<QJsonArray> JsonReader::array(const QString &key) const
{
    auto value = member(key, QJsonValue::Array);
    if (!value)
        return value.error();
    return value->toArray();
}

Status JsonReader::onlyKnown(const QStringList &allowed) const
{
    for (auto it = m_json.constBegin(); it != m_json.constEnd(); ++it) {
        if (!allowed.contains(it.key()))
            return error(QStringLiteral("unknown member \"%1\"").arg(it.key()));
    }
    return {};
}

} // namespace outpost
