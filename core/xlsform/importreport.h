// The result of a successful XLSForm import: the form definition (it passed
// FormDefinition::check()), the warnings (presentation that was lost) and a summary.
#pragma once

#include "formdefinition.h"
#include "importissue.h"
#include "importsummary.h"

#include <QJsonObject>
#include <QList>

namespace outpost {

struct ImportReport
{
    FormDefinition form;
    QList<ImportIssue> warnings;
    ImportSummary summary;

    // The summary, then one line per warning.
    QString toText() const;
    // {"summary": {...}, "warnings": [...], "form": <definition JSON>}
    QJsonObject toJson() const;
};

} // namespace outpost
