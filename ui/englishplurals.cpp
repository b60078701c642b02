#include "englishplurals.h"

namespace outpost::ui {

QString EnglishPlurals::translate(const char *, const char *sourceText, const char *, int n) const
{
    if (n < 0 || !sourceText)
        return {}; // no translation: Qt uses the source text
    QString text = QString::fromUtf8(sourceText);
    if (!text.contains(QStringLiteral("(s)")))
        return {};
    return text.replace(QStringLiteral("(s)"), n == 1 ? QString() : QStringLiteral("s"));
}

} // namespace outpost::ui
