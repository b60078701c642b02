// Reads the sheets of an .xlsx workbook (Office Open XML) as text cells: the workbook and its
// relationships to find sheets by name, shared strings (rich text runs joined, phonetic runs
// left out), inline strings, numbers, booleans, formulas' cached values, empty and missing
// cells. libzip for the archive, QXmlStreamReader for the XML; every size is capped
// (xlsformlimits.h) and malformed XML is an error naming the part and line.
#pragma once

#include "result.h"
#include "workbook.h"

#include <QStringList>

namespace outpost {

class XlsxReader
{
public:
    // Loads the sheets named in `sheetNames` (case-insensitively; all sheets when empty). The
    // other sheets are listed with loaded = false. Errors: "not_found", "invalid_xlsx",
    // "too_large".
    static Result<Workbook> read(const QString &path, const QStringList &sheetNames = {});
};

} // namespace outpost
