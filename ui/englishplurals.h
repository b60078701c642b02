// Until the app ships translations, this translator gives English texts their plural forms:
// tr("%n change(s) waiting", nullptr, n) reads "1 change waiting" / "3 changes waiting".
// Qt's own numerus support needs a compiled .qm per language; this covers the source
// language with no build step. Installed once, on the UI thread, before any window.
#pragma once

#include <QTranslator>

namespace outpost::ui {

class EnglishPlurals : public QTranslator
{
public:
    using QTranslator::QTranslator;

    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText,
                      const char *disambiguation = nullptr, int n = -1) const override;
};

} // namespace outpost::ui
