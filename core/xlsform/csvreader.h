// Reads XLSForm sheets exported as CSV (RFC 4180: quoted fields, "" for a quote, line breaks
// inside quotes, CRLF or LF, a UTF-8 byte order mark; ';' as separator when the header has no
// ',' but has ';', as some spreadsheet locales write).
//
// A CSV form is either
//   * a directory holding survey.csv and, if needed, choices.csv and settings.csv (names
//     case-insensitive), or
//   * the survey file itself, NAME.csv whose name contains "survey" (e.g. "Household -
//     survey.csv"); its siblings are the same name with "survey" replaced by "choices" and
//     "settings" (the last "survey" in the name), as spreadsheet tools name per-sheet exports.
#pragma once

#include "result.h"
#include "workbook.h"

namespace outpost {

class CsvReader
{
public:
    // Errors: "not_found", "invalid_csv" (unclosed quote, not UTF-8), "too_large".
    static Result<Workbook> readForm(const QString &path);
    // One sheet from CSV text; `source` names it in messages.
    static Result<Sheet> parse(const QByteArray &bytes, const QString &sheetName,
                               const QString &source);
};

} // namespace outpost
