#include "sheetcolumns.h"

#include <QRegularExpression>
#include <QSet>

namespace outpost {

SheetColumns SheetColumns::fromHeader(const SheetRow &header,
                                      const QHash<QString, QString> &aliases)
{
    SheetColumns columns;
    QSet<QString> seen;
    for (int i = 0; i < header.cells.size(); ++i) {
        const QString written = header.cells.at(i).trimmed();
        if (written.isEmpty())
            continue;
        SheetColumn column;
        column.index = i;
        column.header = written;
        const QString lower = written.toLower();
        if (aliases.contains(lower) || !lower.contains(QStringLiteral("::"))) {
            column.base = aliases.value(lower, lower);
        } else {
            const qsizetype split = lower.lastIndexOf(QStringLiteral("::"));
            const QString base = lower.left(split).trimmed();
            column.base = aliases.value(base, base);
            column.languageName = written.mid(split + 2).trimmed();
            column.language = languageKey(column.languageName);
        }
        const QString key = column.base + QStringLiteral("::") + column.language;
        if (seen.contains(key)) {
            columns.m_duplicates.append(column);
            continue;
        }
        seen.insert(key);
        columns.m_columns.append(column);
    }
    return columns;
}

const SheetColumn *SheetColumns::find(const QString &base) const
{
    for (const SheetColumn &column : m_columns) {
        if (column.base == base && column.language.isEmpty())
            return &column;
    }
    return nullptr;
}

QList<const SheetColumn *> SheetColumns::translations(const QString &base) const
{
    QList<const SheetColumn *> out;
    for (const SheetColumn &column : m_columns) {
        if (column.base == base && !column.language.isEmpty())
            out.append(&column);
    }
    return out;
}

QString SheetColumns::text(const SheetRow &row, const QString &base) const
{
    const SheetColumn *column = find(base);
    return column ? row.cell(column->index).trimmed() : QString();
}

QString SheetColumns::languageKey(const QString &languageName)
{
    static const QRegularExpression code(
        QStringLiteral("\\(\\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\\s*\\)\\s*\\z"));
    const auto match = code.match(languageName);
    return match.hasMatch() ? match.captured(1) : languageName.trimmed();
}

} // namespace outpost
