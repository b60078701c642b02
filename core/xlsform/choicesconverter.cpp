#include "choicesconverter.h"

#include "sheetcolumns.h"

#include <QRegularExpression>
#include <QSet>

namespace outpost {

namespace {

const QString kSheet = QStringLiteral("choices");

const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("list name"), QStringLiteral("list_name")},
        {QStringLiteral("media::image"), QStringLiteral("image")},
        {QStringLiteral("media::audio"), QStringLiteral("audio")},
        {QStringLiteral("media::video"), QStringLiteral("video")},
        {QStringLiteral("media::big-image"), QStringLiteral("big-image")},
    };
    return map;
}

bool isMediaColumn(const QString &base)
{
    return base == u"image" || base == u"audio" || base == u"video" || base == u"big-image";
}

const QSet<QString> &knownColumns()
{
    static const QSet<QString> set{QStringLiteral("list_name"), QStringLiteral("name"),
                                   QStringLiteral("label")};
    return set;
}

} // namespace

ImportedChoices ChoicesConverter::convert(const Sheet *sheet, IssueLog &log)
{
    ImportedChoices out;
    if (!sheet || sheet->rows.isEmpty())
        return out;
    const SheetRow &header = sheet->rows.first();
    const SheetColumns columns = SheetColumns::fromHeader(header, aliases());
    for (const SheetColumn &duplicate : columns.duplicates())
        log.error(kSheet, header.number, duplicate.header,
                  QStringLiteral("the column appears twice"));
    for (const char *required : {"list_name", "name", "label"}) {
        if (!columns.find(QLatin1String(required)) &&
            (qstrcmp(required, "label") != 0 ||
             columns.translations(QStringLiteral("label")).isEmpty()))
            log.error(kSheet, header.number, QString(),
                      QStringLiteral("the choices sheet has no \"%1\" column")
                          .arg(QLatin1String(required)));
    }
    for (const SheetColumn &column : columns.all()) {
        if (column.language.isEmpty()) {
            out.columnNames.append(column.base);
        } else if (column.base == u"label" && !out.languages.contains(column.language)) {
            out.languages.append(column.language);
            out.languageNames.insert(column.language, column.languageName);
        }
        if (isMediaColumn(column.base)) {
            int used = 0;
            int first = 0;
            for (qsizetype i = 1; i < sheet->rows.size(); ++i) {
                if (!sheet->rows.at(i).cell(column.index).trimmed().isEmpty()) {
                    first = first ? first : sheet->rows.at(i).number;
                    ++used;
                }
            }
            if (used > 0)
                log.warning(kSheet, first, column.header,
                            QStringLiteral("media in choices are not shown by Outpost (%1 rows); "
                                           "the choices keep their labels")
                                .arg(used));
        } else if (!column.language.isEmpty() && column.base != u"label") {
            log.warning(kSheet, header.number, column.header,
                        QStringLiteral("unknown translated column; ignored"));
        }
    }

    QHash<QString, QHash<QString, int>> seen; // list -> choice name -> row
    const SheetColumn *listColumn = columns.find(QStringLiteral("list_name"));
    const SheetColumn *nameColumn = columns.find(QStringLiteral("name"));
    if (!listColumn || !nameColumn)
        return out;
    static const QRegularExpression whitespace(QStringLiteral("\\s"));
    for (qsizetype i = 1; i < sheet->rows.size(); ++i) {
        const SheetRow &row = sheet->rows.at(i);
        if (row.isBlank())
            continue;
        const QString listName = row.cell(listColumn->index).trimmed();
        const QString name = row.cell(nameColumn->index).trimmed();
        if (listName.isEmpty()) {
            log.error(kSheet, row.number, listColumn->header,
                      QStringLiteral("a choice without a list_name"));
            continue;
        }
        if (name.isEmpty()) {
            log.error(kSheet, row.number, nameColumn->header,
                      QStringLiteral("a choice of list \"%1\" without a name").arg(listName));
            continue;
        }
        if (name.contains(whitespace)) {
            log.error(kSheet, row.number, nameColumn->header,
                      QStringLiteral("choice name \"%1\" contains a space; select_multiple "
                                     "answers are space-separated names")
                          .arg(name));
            continue;
        }
        if (seen[listName].contains(name)) {
            log.error(kSheet, row.number, nameColumn->header,
                      QStringLiteral("choice \"%1\" is already in list \"%2\" (row %3)")
                          .arg(name, listName)
                          .arg(seen[listName].value(name)));
            continue;
        }
        seen[listName].insert(name, row.number);

        Choice choice;
        choice.name = name;
        choice.label.setPlain(columns.text(row, QStringLiteral("label")));
        for (const SheetColumn *column : columns.translations(QStringLiteral("label"))) {
            const QString text = row.cell(column->index).trimmed();
            if (!text.isEmpty())
                choice.label.setTranslation(column->language, text);
        }
        if (choice.label.isEmpty()) {
            choice.label.setPlain(name);
            log.warning(kSheet, row.number, QStringLiteral("label"),
                        QStringLiteral("choice \"%1\" has no label; its name is shown").arg(name));
        }
        ImportedChoice imported{row.number, name, {}};
        for (const SheetColumn &column : columns.all()) {
            if (column.language.isEmpty())
                imported.columns.insert(column.base, row.cell(column.index).trimmed());
        }

        ChoiceList *list = nullptr;
        for (ChoiceList &l : out.lists) {
            if (l.name == listName)
                list = &l;
        }
        if (!list) {
            out.lists.append(ChoiceList{listName, {}});
            list = &out.lists.last();
            out.firstRow.insert(listName, row.number);
        }
        list->choices.append(choice);
        out.rows[listName].append(imported);
    }
    return out;
}

void ChoicesConverter::reportUnusedColumns(const Sheet *sheet, const ImportedChoices &choices,
                                           IssueLog &log)
{
    if (!sheet || sheet->rows.isEmpty())
        return;
    const SheetColumns columns = SheetColumns::fromHeader(sheet->rows.first(), aliases());
    for (const SheetColumn &column : columns.all()) {
        if (!column.language.isEmpty() || knownColumns().contains(column.base) ||
            isMediaColumn(column.base) || choices.usedColumns.contains(column.base))
            continue;
        bool hasValues = false;
        for (qsizetype i = 1; i < sheet->rows.size() && !hasValues; ++i)
            hasValues = !sheet->rows.at(i).cell(column.index).trimmed().isEmpty();
        if (hasValues)
            log.warning(kSheet, sheet->rows.first().number, column.header,
                        QStringLiteral("a column no choice_filter uses; ignored"));
    }
}

} // namespace outpost
