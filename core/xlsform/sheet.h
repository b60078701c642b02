// One sheet of a spreadsheet as the importer sees it: rows of text cells, each row with its
// 1-based number in the file (so that messages can name it). Value type.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace outpost {

struct SheetRow
{
    int number = 0;    // 1-based, as the spreadsheet shows it (the header is usually row 1)
    QStringList cells; // by column, from column A; missing cells are empty strings

    QString cell(int column) const
    {
        return column >= 0 && column < cells.size() ? cells.at(column) : QString();
    }
    bool isBlank() const
    {
        for (const QString &cell : cells) {
            if (!cell.trimmed().isEmpty())
                return false;
        }
        return true;
    }
};

struct Sheet
{
    QString name;
    QList<SheetRow> rows; // in file order; blank rows may be left out
    bool loaded = true;   // false: the reader skipped it (not a sheet XLSForm uses)
};

} // namespace outpost
