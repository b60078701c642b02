// Turns the sheets of an XLSForm (survey, choices, settings) into a FormDefinition that
// passes FormDefinition::check(), or into a list of errors that each name the sheet, row and
// column. Warnings list what only loses presentation.
//
//   XlsFormConverter converter(workbook, options);
//   auto report = converter.convert();      // or report.error(); converter.issues() lists all
#pragma once

#include "choicesconverter.h"
#include "importoptions.h"
#include "importreport.h"
#include "issuelog.h"
#include "result.h"
#include "surveyconverter.h"
#include "workbook.h"

namespace outpost {

class XlsFormConverter
{
public:
    // Not owned: `workbook` must outlive the converter.
    XlsFormConverter(const Workbook &workbook, ImportOptions options = {});

    // Errors: code "invalid_xlsform", message listing every error ("survey, row 7, column
    // relevant: ..."), one per line after a first line that counts them.
    Result<ImportReport> convert();
    // Every error and warning found by convert(), in order.
    const QList<ImportIssue> &issues() const { return m_log.all(); }

private:
    void checkReferences(const FormDefinition &form, const ImportedSurvey &survey);
    void reportCheckError(const Error &error, const ImportedSurvey &survey,
                          const ImportedChoices &choices);
    Error failure() const;

    const Workbook &m_workbook;
    ImportOptions m_options;
    IssueLog m_log;
};

} // namespace outpost
