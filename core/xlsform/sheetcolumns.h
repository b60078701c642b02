// The columns of an XLSForm sheet, read from its header row: names compared
// case-insensitively, with pyxform's aliases ("relevance", "bind::relevant", ...), and
// translated columns "label::English (en)" split into the base ("label") and the language.
// A language's key is its code in parentheses when it has one ("en"), else its name.
#pragma once

#include "sheet.h"

#include <QHash>
#include <QList>
#include <QString>

namespace outpost {

struct SheetColumn
{
    int index = 0;        // 0-based column
    QString header;       // as written, for messages
    QString base;         // lower case, alias resolved: "label", "relevant", "appearance", ...
    QString language;     // language key ("en"), empty when untranslated
    QString languageName; // as written after "::" ("English (en)")
};

class SheetColumns
{
public:
    // `aliases` maps lower-case headers (without language) to base names; names not in it
    // are kept as written, in lower case.
    static SheetColumns fromHeader(const SheetRow &header, const QHash<QString, QString> &aliases);

    const QList<SheetColumn> &all() const { return m_columns; }
    // The untranslated column of that base, or nullptr.
    const SheetColumn *find(const QString &base) const;
    QList<const SheetColumn *> translations(const QString &base) const;
    // Headers that appear twice (same base and language): each is an error.
    const QList<SheetColumn> &duplicates() const { return m_duplicates; }

    // The trimmed text of `row` in the untranslated column `base`; empty if there is none.
    QString text(const SheetRow &row, const QString &base) const;

    static QString languageKey(const QString &languageName);

private:
    QList<SheetColumn> m_columns;
    QList<SheetColumn> m_duplicates;
};

} // namespace outpost
