#include "surveyconverter.h"

#include "choicefilter.h"
#include "defaultvalue.h"
#include "formlimits.h"
#include "xlsformtype.h"

#include <QRegularExpression>

namespace outpost {

namespace {

const QString kSheet = QStringLiteral("survey");

const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("relevance"), QStringLiteral("relevant")},
        {QStringLiteral("bind::relevant"), QStringLiteral("relevant")},
        {QStringLiteral("bind::required"), QStringLiteral("required")},
        {QStringLiteral("required message"), QStringLiteral("required_message")},
        {QStringLiteral("bind::jr:requiredmsg"), QStringLiteral("required_message")},
        {QStringLiteral("jr:requiredmsg"), QStringLiteral("required_message")},
        {QStringLiteral("bind::constraint"), QStringLiteral("constraint")},
        {QStringLiteral("constraint message"), QStringLiteral("constraint_message")},
        {QStringLiteral("bind::jr:constraintmsg"), QStringLiteral("constraint_message")},
        {QStringLiteral("jr:constraintmsg"), QStringLiteral("constraint_message")},
        {QStringLiteral("calculate"), QStringLiteral("calculation")},
        {QStringLiteral("bind::calculate"), QStringLiteral("calculation")},
        {QStringLiteral("readonly"), QStringLiteral("read_only")},
        {QStringLiteral("bind::readonly"), QStringLiteral("read_only")},
        {QStringLiteral("read only"), QStringLiteral("read_only")},
        {QStringLiteral("choice filter"), QStringLiteral("choice_filter")},
        {QStringLiteral("repeat count"), QStringLiteral("repeat_count")},
        {QStringLiteral("jr:count"), QStringLiteral("repeat_count")},
        {QStringLiteral("control::jr:count"), QStringLiteral("repeat_count")},
        {QStringLiteral("control::appearance"), QStringLiteral("appearance")},
        {QStringLiteral("media::image"), QStringLiteral("image")},
        {QStringLiteral("media::audio"), QStringLiteral("audio")},
        {QStringLiteral("media::video"), QStringLiteral("video")},
        {QStringLiteral("media::big-image"), QStringLiteral("big-image")},
        {QStringLiteral("guidance hint"), QStringLiteral("guidance_hint")},
        {QStringLiteral("body::intent"), QStringLiteral("intent")},
    };
    return map;
}

const QSet<QString> &knownColumns()
{
    static const QSet<QString> set{
        QStringLiteral("type"),          QStringLiteral("name"),
        QStringLiteral("label"),         QStringLiteral("hint"),
        QStringLiteral("required"),      QStringLiteral("required_message"),
        QStringLiteral("constraint"),    QStringLiteral("constraint_message"),
        QStringLiteral("relevant"),      QStringLiteral("default"),
        QStringLiteral("calculation"),   QStringLiteral("read_only"),
        QStringLiteral("choice_filter"), QStringLiteral("repeat_count")};
    return set;
}

const QSet<QString> &translatableColumns()
{
    static const QSet<QString> set{QStringLiteral("label"), QStringLiteral("hint"),
                                   QStringLiteral("required_message"),
                                   QStringLiteral("constraint_message")};
    return set;
}

// Columns that only change how a question looks: a warning per column.
const QHash<QString, QString> &presentationColumns()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("appearance"),
         QStringLiteral("appearance is presentation only; the app chooses its own widgets")},
        {QStringLiteral("image"), QStringLiteral("media are not shown by Outpost")},
        {QStringLiteral("audio"), QStringLiteral("media are not shown by Outpost")},
        {QStringLiteral("video"), QStringLiteral("media are not shown by Outpost")},
        {QStringLiteral("big-image"), QStringLiteral("media are not shown by Outpost")},
        {QStringLiteral("guidance_hint"), QStringLiteral("guidance hints are not shown")},
        {QStringLiteral("autoplay"), QStringLiteral("media are not shown by Outpost")},
        {QStringLiteral("parameters"),
         QStringLiteral("parameters (randomize, max-pixels, ...) are presentation only here")},
        {QStringLiteral("body::accuracythreshold"),
         QStringLiteral("the geopoint accuracy threshold is not applied")},
        {QStringLiteral("save_to"), QStringLiteral("entities are not supported; ignored")},
        {QStringLiteral("note"), QStringLiteral("a comment column; ignored")},
        {QStringLiteral("comments"), QStringLiteral("a comment column; ignored")},
    };
    return map;
}

// Columns whose meaning changes behaviour Outpost cannot reproduce: an error per row used.
const QHash<QString, QString> &behaviourColumns()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("trigger"),
         QStringLiteral("trigger (recompute on another field's change) is not supported")},
        {QStringLiteral("intent"),
         QStringLiteral("intent (an external app fills the answer) is not supported")},
    };
    return map;
}

bool isIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*\\z"));
    return name.size() <= 64 && re.match(name).hasMatch();
}

QString withHint(const QString &message)
{
    if (message.contains(QStringLiteral("unknown function")))
        return message + QStringLiteral(" (Outpost's functions are listed in docs/forms.md)");
    return message;
}

} // namespace

SurveyConverter::SurveyConverter(const Sheet &sheet, ImportedChoices &choices, IssueLog &log)
    : m_sheet(sheet), m_choices(choices), m_log(log)
{}

ImportedSurvey SurveyConverter::convert()
{
    if (m_sheet.rows.isEmpty()) {
        m_log.error(kSheet, 0, QString(), QStringLiteral("the survey sheet is empty"));
        return {};
    }
    m_columns = SheetColumns::fromHeader(m_sheet.rows.first(), aliases());
    reportColumns();
    if (!m_columns.find(QStringLiteral("type")) || !m_columns.find(QStringLiteral("name"))) {
        m_log.error(kSheet, m_sheet.rows.first().number, QString(),
                    QStringLiteral("the survey sheet needs \"type\" and \"name\" columns (its "
                                   "first row is the header)"));
        return {};
    }
    m_stack.append(Frame{});
    for (qsizetype i = 1; i < m_sheet.rows.size(); ++i)
        convertRow(m_sheet.rows.at(i));
    while (m_stack.size() > 1) {
        const Frame frame = m_stack.takeLast();
        m_log.error(kSheet, frame.row, QStringLiteral("type"),
                    QStringLiteral("begin %1 \"%2\" is never closed (no end %1)")
                        .arg(fieldTypeName(frame.field.type), frame.field.name));
    }
    m_out.fields = m_stack.first().field.fields;
    return m_out;
}

void SurveyConverter::reportColumns()
{
    const int headerRow = m_sheet.rows.first().number;
    for (const SheetColumn &duplicate : m_columns.duplicates())
        m_log.error(kSheet, headerRow, duplicate.header,
                    QStringLiteral("the column appears twice"));
    for (const SheetColumn &column : m_columns.all()) {
        QList<int> usedRows;
        for (qsizetype i = 1; i < m_sheet.rows.size(); ++i) {
            if (!m_sheet.rows.at(i).cell(column.index).trimmed().isEmpty())
                usedRows.append(m_sheet.rows.at(i).number);
        }
        if (!column.language.isEmpty() && translatableColumns().contains(column.base)) {
            if (!m_out.languages.contains(column.language)) {
                m_out.languages.append(column.language);
                m_out.languageNames.insert(column.language, column.languageName);
            }
            continue;
        }
        if (knownColumns().contains(column.base) && column.language.isEmpty())
            continue;
        if (behaviourColumns().contains(column.base) || usedRows.isEmpty())
            continue; // behaviour columns: an error on each row that uses them
        QString rows = QStringLiteral("rows %1").arg(usedRows.first());
        if (usedRows.size() > 1)
            rows =
                QStringLiteral("row %1 and %2 more").arg(usedRows.first()).arg(usedRows.size() - 1);
        else
            rows = QStringLiteral("row %1").arg(usedRows.first());
        QString why = presentationColumns().value(column.base);
        if (why.isEmpty())
            why = column.language.isEmpty()
                      ? QStringLiteral("not an XLSForm column Outpost knows; ignored")
                      : QStringLiteral("this column is not translatable here; ignored");
        m_log.warning(kSheet, usedRows.first(), column.header,
                      QStringLiteral("%1 (%2 use it)").arg(why, rows));
    }
}

LocalizedText SurveyConverter::text(const SheetRow &row, const QString &base) const
{
    LocalizedText value(m_columns.text(row, base));
    for (const SheetColumn *column : m_columns.translations(base)) {
        const QString translated = row.cell(column->index).trimmed();
        if (!translated.isEmpty())
            value.setTranslation(column->language, translated);
    }
    return value;
}

Expression SurveyConverter::expression(const SheetRow &row, const QString &base,
                                       const QString &path)
{
    const QString source = m_columns.text(row, base);
    if (source.isEmpty())
        return {};
    const QString header = m_columns.find(base)->header;
    static const QRegularExpression prefixed(QStringLiteral("([A-Za-z]+:[A-Za-z-]+)\\s*\\("));
    if (const auto match = prefixed.match(source); match.hasMatch()) {
        m_log.error(kSheet, row.number, header,
                    QStringLiteral("function %1() is not supported (Outpost's functions are "
                                   "listed in docs/forms.md)")
                        .arg(match.captured(1)));
        return {};
    }
    auto parsed = Expression::parse(source);
    if (!parsed) {
        m_log.error(kSheet, row.number, header,
                    QStringLiteral("\"%1\": %2").arg(source, withHint(parsed.error().message)));
        return {};
    }
    m_out.expressions.append(ExpressionOrigin{path, base, header, row.number, *parsed});
    return *parsed;
}

// required / read_only: yes, true, true() (any case) or an expression; no, false: absent.
Expression SurveyConverter::condition(const SheetRow &row, const QString &base, const QString &path)
{
    const QString value = m_columns.text(row, base).toLower();
    if (value == u"yes" || value == u"true" || value == u"true()" || value == u"1")
        return *Expression::parse(QStringLiteral("true()"));
    if (value.isEmpty() || value == u"no" || value == u"false" || value == u"false()" ||
        value == u"0")
        return {};
    return expression(row, base, path);
}

void SurveyConverter::convertRow(const SheetRow &row)
{
    if (row.isBlank())
        return;
    for (auto it = behaviourColumns().cbegin(); it != behaviourColumns().cend(); ++it) {
        const SheetColumn *column = m_columns.find(it.key());
        if (column && !row.cell(column->index).trimmed().isEmpty())
            m_log.error(kSheet, row.number, column->header, it.value());
    }
    const QString typeText = m_columns.text(row, QStringLiteral("type"));
    const QString typeHeader = m_columns.find(QStringLiteral("type"))->header;
    m_out.namesSeen.insert(m_columns.text(row, QStringLiteral("name")));
    if (typeText.isEmpty()) {
        m_log.warning(kSheet, row.number, typeHeader,
                      QStringLiteral("a row without a type is ignored, as in XLSForm"));
        return;
    }
    const XlsFormType type = XlsFormType::parse(typeText);
    switch (type.kind) {
    case XlsFormType::Kind::Unsupported:
        m_log.error(kSheet, row.number, typeHeader, type.why);
        return;
    case XlsFormType::Kind::BeginGroup:
    case XlsFormType::Kind::BeginRepeat:
        begin(row, type.kind == XlsFormType::Kind::BeginRepeat);
        return;
    case XlsFormType::Kind::EndGroup:
    case XlsFormType::Kind::EndRepeat:
        end(row, type.kind == XlsFormType::Kind::EndRepeat);
        return;
    case XlsFormType::Kind::Field:
        break;
    }

    FieldDefinition field;
    field.type = type.type;
    field.name = m_columns.text(row, QStringLiteral("name"));
    m_out.namesSeen.insert(field.name);
    field.metadata = type.metadata;
    const QString path = m_stack.last().pathPrefix + field.name;
    if (!type.loss.isEmpty())
        m_log.warning(kSheet, row.number, typeHeader, type.loss);

    field.label = text(row, QStringLiteral("label"));
    field.hint = text(row, QStringLiteral("hint"));
    field.requiredMessage = text(row, QStringLiteral("required_message"));
    field.constraintMessage = text(row, QStringLiteral("constraint_message"));
    field.relevant = expression(row, QStringLiteral("relevant"), path);

    const bool input = isInputType(field.type) && field.metadata.isEmpty();
    const auto notFor = [&](const char *base, bool error, const QString &why) {
        const SheetColumn *column = m_columns.find(QLatin1String(base));
        if (!column || row.cell(column->index).trimmed().isEmpty())
            return false;
        if (error)
            m_log.error(kSheet, row.number, column->header, why);
        else
            m_log.warning(kSheet, row.number, column->header, why);
        return true;
    };
    const QString what = field.metadata.isEmpty() ? QStringLiteral("a %1 field").arg(typeText)
                                                  : QStringLiteral("metadata");
    if (input) {
        field.required = condition(row, QStringLiteral("required"), path);
        field.readOnly = condition(row, QStringLiteral("read_only"), path);
        field.constraint = expression(row, QStringLiteral("constraint"), path);
    } else {
        const auto isSet = [&](const char *base) {
            const QString value = m_columns.text(row, QLatin1String(base)).toLower();
            return !value.isEmpty() && value != u"no" && value != u"false" && value != u"false()" &&
                   value != u"0";
        };
        if (isSet("required"))
            notFor("required", false,
                   QStringLiteral("required has no effect on %1; ignored").arg(what));
        if (isSet("read_only"))
            notFor("read_only", false,
                   QStringLiteral("%1 is always read-only; read_only ignored").arg(what));
        notFor("constraint", true,
               QStringLiteral("a constraint on %1 is not supported (only answers are "
                              "constrained)")
                   .arg(what));
    }
    if (field.type == FieldType::Calculate) {
        field.calculation = expression(row, QStringLiteral("calculation"), path);
        if (field.calculation.isEmpty() &&
            m_columns.text(row, QStringLiteral("calculation")).isEmpty())
            m_log.error(kSheet, row.number, QStringLiteral("calculation"),
                        QStringLiteral("a calculate row needs a calculation"));
    } else {
        notFor("calculation", true,
               QStringLiteral("a calculation on %1 (a computed answer) is not supported; use a "
                              "calculate field")
                   .arg(what));
    }
    notFor("repeat_count", false, QStringLiteral("repeat_count only applies to repeats; ignored"));

    const QString defaultText = m_columns.text(row, QStringLiteral("default"));
    if (!defaultText.isEmpty()) {
        if (input && !isAttachmentType(field.type) &&
            DefaultValue::isDynamic(field.type, defaultText)) {
            field.defaultExpression = expression(row, QStringLiteral("default"), path);
        } else if (input && !isAttachmentType(field.type)) {
            auto value = DefaultValue::fromCell(field.type, defaultText);
            if (value)
                field.defaultValue = *value;
            else
                m_log.error(kSheet, row.number, m_columns.find(QStringLiteral("default"))->header,
                            value.error().message);
        } else {
            notFor("default", !isAttachmentType(field.type),
                   QStringLiteral("a default on %1 is not supported").arg(what));
        }
    }

    if (isSelectType(field.type)) {
        if (type.acknowledge) {
            field.choiceList = makeListName(QStringLiteral("_acknowledge"));
            Choice ok{QStringLiteral("OK"), LocalizedText(QStringLiteral("OK"))};
            m_out.extraLists.append(ChoiceList{field.choiceList, {ok}});
        } else if (!m_choices.list(type.listName)) {
            m_log.error(kSheet, row.number, typeHeader,
                        QStringLiteral("choice list \"%1\" does not exist in the choices sheet")
                            .arg(type.listName));
        } else if (type.orOther) {
            ChoiceList list = *m_choices.list(type.listName);
            list.name = makeListName(type.listName + QStringLiteral("_or_other"));
            if (!list.contains(QStringLiteral("other")))
                list.choices.append(
                    Choice{QStringLiteral("other"), LocalizedText(QStringLiteral("Other"))});
            field.choiceList = list.name;
            m_out.extraLists.append(list);
        } else {
            field.choiceList = type.listName;
        }
        if (!m_columns.text(row, QStringLiteral("choice_filter")).isEmpty() &&
            m_choices.list(type.listName))
            addChoiceFilter(row, field, path, type.orOther);
    } else {
        notFor("choice_filter", true,
               QStringLiteral("choice_filter only applies to select_one and select_multiple"));
    }

    if (field.label.isEmpty() && field.type != FieldType::Calculate && field.metadata.isEmpty()) {
        field.label = LocalizedText(field.name);
        m_log.warning(kSheet, row.number, QStringLiteral("label"),
                      QStringLiteral("no label; the name \"%1\" is shown").arg(field.name));
    }

    const QString selectName = field.name;
    const bool orOther = type.orOther && !field.choiceList.isEmpty();
    if (!addField(row, std::move(field)) || !orOther)
        return;
    // As pyxform does: a text field for the other answer, shown when "other" is chosen.
    FieldDefinition other;
    other.name = selectName + QStringLiteral("_other");
    other.type = FieldType::Text;
    other.label = LocalizedText(QStringLiteral("Specify other."));
    other.relevant = *Expression::parse(QStringLiteral("selected(${%1}, 'other')").arg(selectName));
    m_out.expressions.append(ExpressionOrigin{m_stack.last().pathPrefix + other.name,
                                              QStringLiteral("relevant"), typeHeader, row.number,
                                              other.relevant});
    addField(row, std::move(other));
}

void SurveyConverter::addChoiceFilter(const SheetRow &row, FieldDefinition &field,
                                      const QString &path, bool orOther)
{
    const QString header = m_columns.find(QStringLiteral("choice_filter"))->header;
    const QString filter = m_columns.text(row, QStringLiteral("choice_filter"));
    const XlsFormType type = XlsFormType::parse(m_columns.text(row, QStringLiteral("type")));
    auto converted =
        ChoiceFilter::toExpression(filter, type.listName, m_choices, m_choices.usedColumns);
    if (!converted) {
        m_log.error(kSheet, row.number, header, converted.error().message);
        return;
    }
    QString source = *converted;
    if (orOther)
        source = QStringLiteral(". = 'other' or %1").arg(source);
    auto parsed = Expression::parse(source);
    if (!parsed) {
        m_log.error(kSheet, row.number, header,
                    QStringLiteral("\"%1\" cannot be applied: %2")
                        .arg(filter, withHint(parsed.error().message)));
        return;
    }
    m_out.expressions.append(
        ExpressionOrigin{path, QStringLiteral("choice_filter"), header, row.number, *parsed});
    field.choiceFilter = *parsed;
}

QString SurveyConverter::makeListName(const QString &wanted) const
{
    QString name = wanted;
    for (int n = 2;
         m_choices.list(name) || std::any_of(m_out.extraLists.cbegin(), m_out.extraLists.cend(),
                                             [&](const ChoiceList &l) { return l.name == name; });
         ++n)
        name = wanted + QString::number(n);
    return name;
}

void SurveyConverter::begin(const SheetRow &row, bool repeat)
{
    Frame frame;
    frame.row = row.number;
    frame.field.type = repeat ? FieldType::Repeat : FieldType::Group;
    frame.field.name = m_columns.text(row, QStringLiteral("name"));
    m_out.namesSeen.insert(frame.field.name);
    const Frame &parent = m_stack.last();
    const QString path = parent.pathPrefix + frame.field.name;
    frame.scope = repeat ? path : parent.scope;
    frame.pathPrefix = repeat ? path + QLatin1Char('.') : parent.pathPrefix;
    frame.field.label = text(row, QStringLiteral("label"));
    frame.field.hint = text(row, QStringLiteral("hint"));
    frame.field.relevant = expression(row, QStringLiteral("relevant"), path);
    const QString kind = repeat ? QStringLiteral("repeat") : QStringLiteral("group");
    if (frame.field.label.isEmpty()) {
        frame.field.label = LocalizedText(frame.field.name);
        m_log.warning(kSheet, row.number, QStringLiteral("label"),
                      QStringLiteral("%1 without a label; the name \"%2\" is shown")
                          .arg(kind, frame.field.name));
    }
    for (const char *base :
         {"required", "read_only", "constraint", "calculation", "default", "choice_filter"}) {
        const SheetColumn *column = m_columns.find(QLatin1String(base));
        if (!column || row.cell(column->index).trimmed().isEmpty())
            continue;
        const QString value = row.cell(column->index).trimmed().toLower();
        if (QLatin1String(base) == u"required" && (value == u"no" || value == u"false"))
            continue;
        m_log.error(kSheet, row.number, column->header,
                    QStringLiteral("%1 on a %2 is not supported").arg(QLatin1String(base), kind));
    }
    const QString count = m_columns.text(row, QStringLiteral("repeat_count"));
    if (!count.isEmpty()) {
        bool ok = false;
        const int n = count.toInt(&ok);
        const QString header = m_columns.find(QStringLiteral("repeat_count"))->header;
        if (!repeat)
            m_log.warning(kSheet, row.number, header,
                          QStringLiteral("repeat_count only applies to repeats; ignored"));
        else if (ok && n >= 0 && n <= formlimits::kMaxRepeatCount)
            frame.field.minCount = frame.field.maxCount = n; // a fixed number
        else if (ok)
            m_log.error(kSheet, row.number, header,
                        QStringLiteral("repeat_count %1 must be from 0 to %2")
                            .arg(count)
                            .arg(formlimits::kMaxRepeatCount));
        else
            frame.field.repeatCount = expression(row, QStringLiteral("repeat_count"), path);
    }
    m_stack.append(frame);
}

void SurveyConverter::end(const SheetRow &row, bool repeat)
{
    const QString kind = repeat ? QStringLiteral("repeat") : QStringLiteral("group");
    const QString typeHeader = m_columns.find(QStringLiteral("type"))->header;
    if (m_stack.size() < 2) {
        m_log.error(kSheet, row.number, typeHeader,
                    QStringLiteral("end %1 without a begin %1").arg(kind));
        return;
    }
    const bool isRepeat = m_stack.last().field.type == FieldType::Repeat;
    if (isRepeat != repeat) {
        const Frame &open = m_stack.last();
        m_log.error(kSheet, row.number, typeHeader,
                    QStringLiteral("end %1, but the open one is %2 \"%3\" (row %4)")
                        .arg(kind, isRepeat ? QStringLiteral("repeat") : QStringLiteral("group"),
                             open.field.name)
                        .arg(open.row));
        return;
    }
    Frame frame = m_stack.takeLast();
    if (frame.field.fields.isEmpty()) {
        m_log.error(kSheet, frame.row, typeHeader,
                    QStringLiteral("%1 \"%2\" has no fields").arg(kind, frame.field.name));
        return;
    }
    addField(SheetRow{frame.row, {}}, std::move(frame.field));
}

bool SurveyConverter::addField(const SheetRow &row, FieldDefinition field)
{
    const QString nameHeader = m_columns.find(QStringLiteral("name"))->header;
    if (field.name.isEmpty()) {
        m_log.error(kSheet, row.number, nameHeader, QStringLiteral("the row has no name"));
        return false;
    }
    if (!isIdentifier(field.name)) {
        m_log.error(kSheet, row.number, nameHeader,
                    QStringLiteral("name \"%1\" must be at most 64 letters, digits, '_' or '-', "
                                   "not starting with a digit or '-' (Outpost does not allow "
                                   "'.' in names)")
                        .arg(field.name));
        return false;
    }
    Frame &parent = m_stack.last();
    QHash<QString, int> &names = m_namesByScope[parent.scope];
    if (names.contains(field.name)) {
        m_log.error(kSheet, row.number, nameHeader,
                    QStringLiteral("duplicate name \"%1\" (also row %2); names are unique in a "
                                   "form, or in a repeat (groups do not make a new scope)")
                        .arg(field.name)
                        .arg(names.value(field.name)));
        return false;
    }
    names.insert(field.name, row.number);
    m_out.rowOfPath.insert(parent.pathPrefix + field.name, row.number);
    parent.field.fields.append(std::move(field));
    return true;
}

} // namespace outpost
