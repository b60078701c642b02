// Imports an XLSForm (ODK, KoboToolbox, Survey123) as an Outpost form definition: the entry
// point of core/xlsform, for the server's `form import` command, the app, or other tools.
// Reads .xlsx files and CSV exports of the sheets (docs/xlsform.md).
//
//   auto report = XlsFormImporter::importFile(path);
//   if (!report) fail(report.error());            // every error, with sheet, row and column
//   print(report->toText());                      // or report->toJson()
//   publish(report->form.toJson());
#pragma once

#include "importoptions.h"
#include "importreport.h"
#include "result.h"
#include "workbook.h"

namespace outpost {

class XlsFormImporter
{
public:
    // `path`: an .xlsx file, a survey .csv file, or a directory of survey.csv, choices.csv,
    // settings.csv. When options.fallbackFormId is empty, the file's base name is used if the
    // settings have no form_id. Error codes: "not_found", "invalid_xlsx", "invalid_csv",
    // "too_large", "invalid_xlsform".
    static Result<ImportReport> importFile(const QString &path, ImportOptions options = {});
    static Result<ImportReport> importWorkbook(const Workbook &workbook,
                                               const ImportOptions &options = {});
    static Result<Workbook> readWorkbook(const QString &path);
};

} // namespace outpost
