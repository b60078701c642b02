// The issues of one import, in the order found. Each converter step adds to it.
#pragma once

#include "importissue.h"

#include <QList>

namespace outpost {

class IssueLog
{
public:
    void error(const QString &sheet, int row, const QString &column, const QString &message)
    {
        m_issues.append({ImportIssue::Severity::Error, sheet, row, column, message});
    }
    void warning(const QString &sheet, int row, const QString &column, const QString &message)
    {
        m_issues.append({ImportIssue::Severity::Warning, sheet, row, column, message});
    }

    const QList<ImportIssue> &all() const { return m_issues; }
    bool hasErrors() const
    {
        for (const ImportIssue &issue : m_issues) {
            if (issue.isError())
                return true;
        }
        return false;
    }
    QList<ImportIssue> errors() const { return filtered(ImportIssue::Severity::Error); }
    QList<ImportIssue> warnings() const { return filtered(ImportIssue::Severity::Warning); }

private:
    QList<ImportIssue> filtered(ImportIssue::Severity severity) const
    {
        QList<ImportIssue> out;
        for (const ImportIssue &issue : m_issues) {
            if (issue.severity == severity)
                out.append(issue);
        }
        return out;
    }

    QList<ImportIssue> m_issues;
};

} // namespace outpost
