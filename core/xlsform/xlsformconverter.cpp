#include "xlsformconverter.h"

#include "formindex.h"
#include "settingsconverter.h"
#include "sheetcolumns.h"
#include "xlsformlimits.h"

#include <QRegularExpression>

#include <algorithm>

namespace outpost {

namespace {

const QString kSurvey = QStringLiteral("survey");

// Plain texts are in `language`: each becomes that language's translation (unless the text
// already has one).
void assignLanguage(LocalizedText &text, const QString &language)
{
    if (text.plain().isEmpty() || text.translations().contains(language))
        return;
    text.setTranslation(language, text.plain());
    text.setPlain(QString());
}

void assignLanguage(QList<FieldDefinition> &fields, const QString &language)
{
    for (FieldDefinition &field : fields) {
        assignLanguage(field.label, language);
        assignLanguage(field.hint, language);
        assignLanguage(field.requiredMessage, language);
        assignLanguage(field.constraintMessage, language);
        assignLanguage(field.fields, language);
    }
}

} // namespace

XlsFormConverter::XlsFormConverter(const Workbook &workbook, ImportOptions options)
    : m_workbook(workbook), m_options(std::move(options))
{}

Result<ImportReport> XlsFormConverter::convert()
{
    const Sheet *surveySheet = m_workbook.sheet(kSurvey);
    if (!surveySheet || !surveySheet->loaded) {
        QStringList names;
        for (const Sheet &sheet : m_workbook.sheets)
            names.append(sheet.name);
        m_log.error(
            QString(), 0, QString(),
            QStringLiteral("there is no \"survey\" sheet (sheets: %1)")
                .arg(names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
        return failure();
    }
    for (const Sheet &sheet : m_workbook.sheets) {
        const QString name = sheet.name.toLower();
        if (name != u"survey" && name != u"choices" && name != u"settings")
            m_log.warning(sheet.name, 0, QString(),
                          QStringLiteral("a sheet XLSForm does not define (or Outpost does not "
                                         "support); ignored"));
    }

    const ImportedSettings settings =
        SettingsConverter::convert(m_workbook.sheet(QStringLiteral("settings")), m_options, m_log);
    ImportedChoices choices =
        ChoicesConverter::convert(m_workbook.sheet(QStringLiteral("choices")), m_log);
    const ImportedSurvey survey = SurveyConverter(*surveySheet, choices, m_log).convert();
    ChoicesConverter::reportUnusedColumns(m_workbook.sheet(QStringLiteral("choices")), choices,
                                          m_log);

    FormDefinition form;
    form.id = settings.formId;
    form.version = settings.version;
    form.title = LocalizedText(settings.title);
    // By name, as the JSON format (an object of lists) gives them back.
    form.choiceLists = choices.lists + survey.extraLists;
    std::sort(form.choiceLists.begin(), form.choiceLists.end(),
              [](const ChoiceList &a, const ChoiceList &b) { return a.name < b.name; });
    form.fields = survey.fields;
    for (const QStringList &languages : {survey.languages, QStringList(choices.languages)}) {
        for (const QString &language : languages) {
            if (!form.languages.contains(language))
                form.languages.append(language);
        }
    }
    if (!form.languages.isEmpty()) {
        if (!settings.defaultLanguageName.isEmpty()) {
            // XLSForm: default_language is the language of the untranslated columns too.
            form.defaultLanguage = SheetColumns::languageKey(settings.defaultLanguageName);
            if (!form.languages.contains(form.defaultLanguage))
                form.languages.prepend(form.defaultLanguage);
            assignLanguage(form.fields, form.defaultLanguage);
            for (ChoiceList &list : form.choiceLists) {
                for (Choice &choice : list.choices)
                    assignLanguage(choice.label, form.defaultLanguage);
            }
        } else {
            form.defaultLanguage = form.languages.first();
            m_log.warning(QStringLiteral("settings"), 0, QStringLiteral("default_language"),
                          QStringLiteral("no default_language; \"%1\" is shown when a text is "
                                         "missing in the person's language")
                              .arg(form.defaultLanguage));
        }
    }

    checkReferences(form, survey);
    if (m_log.hasErrors())
        return failure();
    if (auto status = form.check(); !status) {
        reportCheckError(status.error(), survey, choices);
        return failure();
    }

    ImportReport report;
    report.form = form;
    report.warnings = m_log.warnings();
    report.summary = ImportSummary::of(form);
    report.summary.versionSource = settings.versionText;
    report.summary.warningCount = static_cast<int>(report.warnings.size());
    return report;
}

// Every ${name} must name a field reachable from the expression's field, as
// FormDefinition::check() requires; found here so that the error names the cell.
void XlsFormConverter::checkReferences(const FormDefinition &form, const ImportedSurvey &survey)
{
    const FormIndex index(form);
    for (const ExpressionOrigin &origin : survey.expressions) {
        const int at = index.indexOfPath(origin.fieldPath);
        if (at < 0)
            continue;
        for (const ExpressionReference &reference : origin.expression.references()) {
            const auto resolved = index.resolve(reference.name, index.at(at).repeat);
            const QString prefix = QStringLiteral("${%1}").arg(reference.name);
            QString problem;
            switch (resolved.reach) {
            case FormIndex::Reach::Unknown:
                // A field whose row had an error is missing: that error is reported already.
                if (!survey.namesSeen.contains(reference.name))
                    problem = QStringLiteral("%1 is not a field of this form").arg(prefix);
                break;
            case FormIndex::Reach::Ambiguous:
                problem = QStringLiteral("%1 names fields in several repeats; the reference is "
                                         "ambiguous")
                              .arg(prefix);
                break;
            case FormIndex::Reach::Single: {
                const FieldType type = index.at(resolved.field).definition->type;
                if (type == FieldType::Group || type == FieldType::Note)
                    problem = QStringLiteral("%1 is a %2, which has no value")
                                  .arg(prefix, fieldTypeName(type));
                break;
            }
            case FormIndex::Reach::NodeSet: {
                const IndexedField &target = index.at(resolved.field);
                if (target.definition->type == FieldType::Repeat) {
                    if (reference.aggregate != u"count" && reference.aggregate != u"indexed-repeat")
                        problem = QStringLiteral("%1 is a repeat; use count(%1) for the number "
                                                 "of instances")
                                      .arg(prefix);
                } else if (reference.aggregate.isEmpty()) {
                    problem = QStringLiteral("%1 is inside repeat \"%2\", which this expression "
                                             "is not in; use it through count(), sum(), min(), "
                                             "max(), join() or indexed-repeat()")
                                  .arg(prefix, index.at(target.repeat).path);
                }
                break;
            }
            }
            if (!problem.isEmpty())
                m_log.error(kSurvey, origin.row, origin.column,
                            QStringLiteral("\"%1\": %2").arg(origin.expression.source(), problem));
        }
    }
}

void XlsFormConverter::reportCheckError(const Error &error, const ImportedSurvey &survey,
                                        const ImportedChoices &choices)
{
    static const QRegularExpression fieldPath(QStringLiteral("^field \"([^\"]+)\""));
    static const QRegularExpression listName(QStringLiteral("^choice list \"([^\"]+)\""));
    if (const auto match = fieldPath.match(error.message); match.hasMatch()) {
        m_log.error(kSurvey, survey.rowOfPath.value(match.captured(1)), QString(), error.message);
        return;
    }
    if (const auto match = listName.match(error.message); match.hasMatch()) {
        m_log.error(QStringLiteral("choices"), choices.firstRow.value(match.captured(1)), QString(),
                    error.message);
        return;
    }
    const bool aboutForm = error.message.startsWith(QStringLiteral("form:"));
    m_log.error(aboutForm ? QStringLiteral("settings") : QString(), 0, QString(), error.message);
}

Error XlsFormConverter::failure() const
{
    const QList<ImportIssue> errors = m_log.errors();
    QString message =
        QStringLiteral("%1: %2 %3 in the XLSForm")
            .arg(m_workbook.source)
            .arg(errors.size())
            .arg(errors.size() == 1 ? QStringLiteral("error") : QStringLiteral("errors"));
    for (qsizetype i = 0; i < errors.size() && i < xlsformlimits::kMaxErrors; ++i)
        message += QStringLiteral("\n  ") + errors.at(i).toString();
    if (errors.size() > xlsformlimits::kMaxErrors)
        message +=
            QStringLiteral("\n  ... and %1 more").arg(errors.size() - xlsformlimits::kMaxErrors);
    return Error::permanentError(QStringLiteral("invalid_xlsform"), message);
}

} // namespace outpost
