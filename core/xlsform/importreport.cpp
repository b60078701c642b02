#include "importreport.h"

#include <QJsonArray>

namespace outpost {

QString ImportReport::toText() const
{
    QString text = summary.toText();
    for (const ImportIssue &warning : warnings)
        text += QStringLiteral("warning: %1\n").arg(warning.toString());
    return text;
}

QJsonObject ImportReport::toJson() const
{
    QJsonArray list;
    for (const ImportIssue &warning : warnings)
        list.append(warning.toJson());
    return QJsonObject{{QStringLiteral("summary"), summary.toJson()},
                       {QStringLiteral("warnings"), list},
                       {QStringLiteral("form"), form.toJson()}};
}

} // namespace outpost
