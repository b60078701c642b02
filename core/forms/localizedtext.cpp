#include "localizedtext.h"

#include "formlimits.h"

#include <QJsonObject>

namespace outpost {

namespace {

Error bad(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_form"), message);
}

} // namespace

Result<LocalizedText> LocalizedText::fromJson(const QJsonValue &json)
{
    LocalizedText text;
    if (json.isString()) {
        text.m_plain = json.toString();
        if (text.m_plain.size() > formlimits::kMaxTextChars)
            return bad(
                QStringLiteral("text is longer than %1 characters").arg(formlimits::kMaxTextChars));
        return text;
    }
    if (!json.isObject())
        return bad(QStringLiteral("must be a string or an object of language -> text"));
    const QJsonObject object = json.toObject();
    if (object.isEmpty())
        return bad(QStringLiteral("has no translations"));
    if (object.size() > formlimits::kMaxLanguages)
        return bad(QStringLiteral("has more than %1 languages").arg(formlimits::kMaxLanguages));
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it->isString())
            return bad(
                QStringLiteral("the text for language \"%1\" is not a string").arg(it.key()));
        if (it->toString().size() > formlimits::kMaxTextChars)
            return bad(QStringLiteral("the text for language \"%1\" is longer than %2 characters")
                           .arg(it.key())
                           .arg(formlimits::kMaxTextChars));
        text.m_translations.insert(it.key(), it->toString());
    }
    return text;
}

QJsonValue LocalizedText::toJson() const
{
    if (m_translations.isEmpty())
        return m_plain;
    QJsonObject object;
    for (auto it = m_translations.begin(); it != m_translations.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QString LocalizedText::text(const QString &language, const QString &fallbackLanguage) const
{
    if (!language.isEmpty()) {
        const auto it = m_translations.constFind(language);
        if (it != m_translations.constEnd())
            return *it;
    }
    if (!fallbackLanguage.isEmpty()) {
        const auto it = m_translations.constFind(fallbackLanguage);
        if (it != m_translations.constEnd())
            return *it;
    }
    if (!m_plain.isEmpty() || m_translations.isEmpty())
        return m_plain;
    return m_translations.first();
}

} // namespace outpost
