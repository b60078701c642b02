#include "editorcontext.h"

#include <QLocale>

#include "formdefinition.h"

namespace outpost::ui {

EditorContext::EditorContext(const FormDefinition *form, LocalStore *store,
                             const QJsonObject *values, QObject *parent)
    : QObject(parent), m_form(form), m_store(store), m_values(values),
      m_language(deviceLanguage(*form))
{}

QString EditorContext::text(const LocalizedText &text) const
{
    return text.text(m_language, m_form->defaultLanguage);
}

QString EditorContext::deviceLanguage(const FormDefinition &form)
{
    if (form.languages.isEmpty())
        return {};
    const QLocale locale;
    const QString name = locale.name();                                       // "fr_FR"
    const QString code = QLocale::languageToCode(locale.language());          // "fr"
    const QString nativeName = locale.nativeLanguageName();                   // "français"
    const QString englishName = QLocale::languageToString(locale.language()); // "French"
    for (const QString &candidate : {name, code}) {
        for (const QString &language : form.languages) {
            if (language.compare(candidate, Qt::CaseInsensitive) == 0)
                return language;
        }
    }
    // XLSForm-style names: "French (fr)", "English".
    for (const QString &language : form.languages) {
        if (language.contains(QStringLiteral("(%1)").arg(code), Qt::CaseInsensitive) ||
            language.startsWith(englishName, Qt::CaseInsensitive) ||
            language.startsWith(nativeName, Qt::CaseInsensitive))
            return language;
    }
    return form.defaultLanguage;
}

} // namespace outpost::ui
