#include "recordtext.h"

#include <QJsonArray>
#include <QStringList>

namespace outpost {

namespace {

void collectText(const QJsonValue &value, QString &out)
{
    if (out.size() >= RecordText::kSearchTextMaxChars)
        return;
    if (value.isString()) {
        out += value.toString();
        out += QLatin1Char(' ');
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            collectText(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectText(it.value(), out);
    }
}

} // namespace

QString RecordText::displayText(const QJsonObject &values)
{
    // Text says more than numbers: texts first (by field name), then numbers.
    QStringList parts;
    for (auto it = values.begin(); it != values.end() && parts.size() < 3; ++it) {
        if (it.value().isString() && !it.value().toString().trimmed().isEmpty())
            parts << it.value().toString().trimmed();
    }
    for (auto it = values.begin(); it != values.end() && parts.size() < 3; ++it) {
        if (it.value().isDouble())
            parts << QString::number(it.value().toDouble());
    }
    return clampDisplayText(parts.join(QStringLiteral(" · ")));
}

QString RecordText::searchText(const QJsonObject &values)
{
    QString out;
    for (auto it = values.begin(); it != values.end(); ++it)
        collectText(it.value(), out);
    return out.left(kSearchTextMaxChars);
}

QString RecordText::clampDisplayText(const QString &text)
{
    QString clean = text.simplified();
    if (clean.size() > kDisplayTextMaxChars)
        clean = clean.left(kDisplayTextMaxChars - 1) + QChar(0x2026);
    return clean;
}

} // namespace outpost
