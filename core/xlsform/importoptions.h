// What the caller of the XLSForm importer may decide instead of the workbook.
#pragma once

#include <QString>

namespace outpost {

struct ImportOptions
{
    // The form id when the settings sheet has no form_id (the importer passes the file's
    // base name, cleaned up to a valid id); empty: a missing form_id is an error.
    QString fallbackFormId;
    // Overrides the settings' version (e.g. when it cannot be mapped to an integer); 0: use
    // the settings (docs/xlsform.md, "Versions").
    int version = 0;
};

} // namespace outpost
