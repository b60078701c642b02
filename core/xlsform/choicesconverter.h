// The choices sheet of an XLSForm: list_name, name, label (and label::LANGUAGE) per row, rows
// of one list together or not. Extra columns are kept per choice for choice_filter; media
// columns are reported (presentation only).
#pragma once

#include "choicelist.h"
#include "issuelog.h"
#include "sheet.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

namespace outpost {

struct ImportedChoice
{
    int row = 0;
    QString name;
    QHash<QString, QString>
        columns; // every untranslated column by lower-case name: "state" -> "ke"
};

struct ImportedChoices
{
    QList<ChoiceList> lists;                    // in order of first appearance
    QHash<QString, QList<ImportedChoice>> rows; // list name -> its choices' rows
    QHash<QString, int> firstRow;               // list name -> row of its first choice
    QStringList columnNames;                    // untranslated columns (lower case)
    QStringList languages;                      // keys, in column order
    QHash<QString, QString> languageNames;      // key -> as written
    QSet<QString> usedColumns;                  // extra columns a choice_filter used

    const ChoiceList *list(const QString &name) const
    {
        for (const ChoiceList &l : lists) {
            if (l.name == name)
                return &l;
        }
        return nullptr;
    }
};

class ChoicesConverter
{
public:
    // `sheet` may be nullptr (no choices sheet).
    static ImportedChoices convert(const Sheet *sheet, IssueLog &log);
    // Warns about extra columns that no choice_filter used (call after the survey).
    static void reportUnusedColumns(const Sheet *sheet, const ImportedChoices &choices,
                                    IssueLog &log);
};

} // namespace outpost
