// The settings sheet of an XLSForm: form_id, form_title, version, default_language. The
// header is its first row and the values its second. Other settings are reported: a warning
// when they only change presentation, an error when the form would behave differently.
#pragma once

#include "importoptions.h"
#include "issuelog.h"
#include "result.h"
#include "sheet.h"

namespace outpost {

struct ImportedSettings
{
    QString formId;
    QString title;
    int version = 1;
    QString versionText;         // as written; empty when absent
    QString defaultLanguageName; // as written ("English (en)"); empty when absent
};

class SettingsConverter
{
public:
    // `sheet` may be nullptr (no settings sheet).
    static ImportedSettings convert(const Sheet *sheet, const ImportOptions &options,
                                    IssueLog &log);

    // An XLSForm version string as our integer version (docs/xlsform.md, "Versions"):
    // digits as they are ("2024011501"); dotted numbers "MAJOR.MINOR[.PATCH]" as
    // MAJOR*1000000 + MINOR*1000 + PATCH (each part below 1000, MAJOR below 2147).
    static Result<int> mapVersion(const QString &text);
};

} // namespace outpost
