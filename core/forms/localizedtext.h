// A label, hint or message: one plain text, or one text per language. In JSON, a string or
// an object {"en": "Age", "fr": "Âge"}.
#pragma once

#include "result.h"

#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

namespace outpost {

class LocalizedText
{
public:
    LocalizedText() = default;
    explicit LocalizedText(const QString &plain) : m_plain(plain) {}

    // Errors name no context; the caller prefixes the field and property.
    static Result<LocalizedText> fromJson(const QJsonValue &json);
    QJsonValue toJson() const; // a string when untranslated, else an object

    bool isEmpty() const { return m_plain.isEmpty() && m_translations.isEmpty(); }
    bool isTranslated() const { return !m_translations.isEmpty(); }
    QStringList languages() const { return m_translations.keys(); }
    const QString &plain() const { return m_plain; }
    const QMap<QString, QString> &translations() const { return m_translations; }

    void setPlain(const QString &text) { m_plain = text; }
    void setTranslation(const QString &language, const QString &text)
    {
        m_translations.insert(language, text);
    }

    // The text in `language` if there is one, else in `fallbackLanguage`, else the plain
    // text, else any translation (in language order).
    QString text(const QString &language = {}, const QString &fallbackLanguage = {}) const;

    bool operator==(const LocalizedText &) const = default;

private:
    QString m_plain;
    QMap<QString, QString> m_translations; // language -> text
};

} // namespace outpost
