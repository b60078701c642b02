// The survey sheet of an XLSForm: rows of fields, groups and repeats, turned into our field
// tree. Every expression is parsed where it is read, so that an error names its row and
// column; where each field and expression came from is kept for the checks that need the
// whole form (references, FormDefinition::check()).
#pragma once

#include "choicesconverter.h"
#include "expression.h"
#include "fielddefinition.h"
#include "issuelog.h"
#include "sheet.h"
#include "sheetcolumns.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace outpost {

// One expression as read from a cell.
struct ExpressionOrigin
{
    QString fieldPath; // definition path of the field it belongs to
    QString property;  // "relevant", "constraint", "required", "read_only", "calculation"
    QString column;    // the header as written
    int row = 0;
    Expression expression;
};

struct ImportedSurvey
{
    QList<FieldDefinition> fields;
    QHash<QString, int> rowOfPath; // definition path -> survey row
    QList<ExpressionOrigin> expressions;
    QStringList languages; // keys, in column order
    QHash<QString, QString> languageNames;
    QList<ChoiceList> extraLists; // made by the importer (acknowledge, or_other)
    QSet<QString> namesSeen;      // every name in the sheet, also of rows with errors
};

class SurveyConverter
{
public:
    // Not owned: all three must outlive the converter.
    SurveyConverter(const Sheet &sheet, ImportedChoices &choices, IssueLog &log);
    ImportedSurvey convert();

private:
    struct Frame
    {
        FieldDefinition field;
        int row = 0;
        QString scope;      // the definition path of the scope its children live in
        QString pathPrefix; // prefix for children's paths ("members." inside a repeat)
    };

    void reportColumns();
    void convertRow(const SheetRow &row);
    void begin(const SheetRow &row, bool repeat);
    void end(const SheetRow &row, bool repeat);
    bool addField(const SheetRow &row, FieldDefinition field);
    LocalizedText text(const SheetRow &row, const QString &base) const;
    Expression expression(const SheetRow &row, const QString &base, const QString &path);
    Expression condition(const SheetRow &row, const QString &base, const QString &path);
    QString makeListName(const QString &wanted) const;
    void addChoiceFilter(const SheetRow &row, FieldDefinition &field, const QString &path,
                         bool orOther);

    const Sheet &m_sheet;
    ImportedChoices &m_choices;
    IssueLog &m_log;
    SheetColumns m_columns;
    QList<Frame> m_stack;
    QHash<QString, QHash<QString, int>> m_namesByScope; // scope path -> name -> row
    ImportedSurvey m_out;
};

} // namespace outpost
