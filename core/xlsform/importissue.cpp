#include "importissue.h"

namespace outpost {

QString ImportIssue::toString() const
{
    QStringList where;
    if (!sheet.isEmpty())
        where.append(sheet);
    if (row > 0)
        where.append(QStringLiteral("row %1").arg(row));
    if (!column.isEmpty())
        where.append(QStringLiteral("column %1").arg(column));
    return where.isEmpty() ? message
                           : where.join(QStringLiteral(", ")) + QStringLiteral(": ") + message;
}

QJsonObject ImportIssue::toJson() const
{
    QJsonObject json{{QStringLiteral("severity"),
                      isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                     {QStringLiteral("message"), message}};
    if (!sheet.isEmpty())
        json.insert(QStringLiteral("sheet"), sheet);
    if (row > 0)
        json.insert(QStringLiteral("row"), row);
    if (!column.isEmpty())
        json.insert(QStringLiteral("column"), column);
    return json;
}

} // namespace outpost
