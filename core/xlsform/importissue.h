// One problem found while importing an XLSForm: where (sheet, row, column), what and why.
// An error means the imported form would behave differently from the XLSForm, so there is no
// import; a warning means only presentation is lost (appearance, media, ...).
#pragma once

#include <QJsonObject>
#include <QString>

namespace outpost {

struct ImportIssue
{
    enum class Severity
    {
        Error,
        Warning,
    };

    Severity severity = Severity::Error;
    QString sheet;   // "survey", "choices", "settings"; empty: the file as a whole
    int row = 0;     // 1-based row (CSV: line) of the sheet; 0: the sheet as a whole
    QString column;  // the column's header as written ("label::French (fr)"); may be empty
    QString message; // what and why, for people

    bool isError() const { return severity == Severity::Error; }
    // "survey, row 7, column constraint: ..."
    QString toString() const;
    // {"severity", "sheet", "row", "column", "message"}; row and column only when known.
    QJsonObject toJson() const;

    bool operator==(const ImportIssue &) const = default;
};

} // namespace outpost
