// The sheets of one workbook (an .xlsx file, or a set of CSV files), in file order.
#pragma once

#include "sheet.h"

namespace outpost {

struct Workbook
{
    QString source; // the file or directory read, for messages
    QList<Sheet> sheets;

    // Sheet names are compared case-insensitively, as XLSForm tools do.
    const Sheet *sheet(const QString &name) const
    {
        for (const Sheet &s : sheets) {
            if (s.name.compare(name, Qt::CaseInsensitive) == 0)
                return &s;
        }
        return nullptr;
    }
};

} // namespace outpost
