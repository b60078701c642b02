// A realistic XLSForm imported: every supported type, groups, repeats, languages, metadata,
// and records validated exactly as the sheet's expressions say.
#include "calculator.h"
#include "fieldmetadata.h"
#include "formindex.h"
#include "recordfactory.h"
#include "repeatcounts.h"
#include "settingsconverter.h"
#include "validator.h"
#include "xlsformimporter.h"
#include "xlsformtestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace outpost;
using outpost::xlsformtest::fixture;

namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

QJsonObject validHousehold()
{
    return QJsonObject{
        {"start", "2024-05-01T09:00:00.000+02:00"},
        {"today", "2024-05-01"},
        {"deviceid", "device-1"},
        {"interview_date", "2024-04-30"},
        {"location", QJsonObject{{"lat", -1.28}, {"lon", 36.82}}},
        {"consent", "yes"},
        {"household_size", 2}, // repeat_count of members
        {"income", 120.5},
        {"head_name", "Wanjiru"},
        {"country", "ke"},
        {"city", "nairobi"},
        {"fruits", QJsonArray{"apple", "mango"}},
        {"favourite_fruit", "other"},
        {"favourite_fruit_other", "papaya"},
        {"ack", "OK"},
        {"members", QJsonArray{QJsonObject{{"member_number", 1},
                                           {"member_name", "Amina"},
                                           {"sex", "female"},
                                           {"age", 30},
                                           {"pregnant", "no"}},
                               QJsonObject{{"member_number", 2},
                                           {"member_name", "Otieno"},
                                           {"sex", "male"},
                                           {"age", 8}}}},
        {"visits", QJsonArray{QJsonObject{{"visit_date", "2024-04-01"}},
                              QJsonObject{{"visit_date", "2024-04-15"}}}},
        {"rating", "2"},
        {"next_visit", "2024-05-08"},
        {"visit_code", "HH-20240501"},
        {"adults", 1},
        {"cities_visited", QJsonArray{"nairobi", "mombasa"}},
        {"interview_id", "1c4e0c3e-2a6b-4f55-9e3a-6a1d4c2b7f10"},
        {"first_member", "Amina"},
    };
}

// The issues as "path code" strings, sorted.
QStringList issuesOf(const FormDefinition &form, const QJsonObject &values)
{
    QStringList out;
    for (const ValidationIssue &issue :
         Validator(form, {QStringLiteral("en"), kNow}).validateValues(values))
        out.append(issue.path + u' ' + issue.code);
    out.sort();
    return out;
}

} // namespace

class TestXlsFormImport : public QObject
{
    Q_OBJECT

    FormDefinition m_form;
    ImportReport m_report;

private slots:
    void initTestCase()
    {
        auto report = XlsFormImporter::importFile(fixture(QStringLiteral("household.xlsx")));
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        m_report = *report;
        m_form = report->form;
        QVERIFY(m_form.check().ok());
        // The definition survives our own JSON format.
        auto reloaded = FormDefinition::fromJson(m_form.toJsonBytes());
        QVERIFY2(reloaded.ok(), qPrintable(reloaded.ok() ? QString() : reloaded.error().message));
        QCOMPARE(reloaded->toJson(), m_form.toJson());
        QCOMPARE(*reloaded, m_form);
    }

    void settings()
    {
        QCOMPARE(m_form.id, QStringLiteral("household_survey"));
        QCOMPARE(m_form.version, 2024011501);
        QCOMPARE(m_form.title.text(), QStringLiteral("Household survey"));
        QCOMPARE(m_form.languages, (QStringList{"en", "fr"}));
        QCOMPARE(m_form.defaultLanguage, QStringLiteral("en"));
    }

    void everyTypeMapped_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("metadata");
        const QList<std::array<const char *, 3>> rows{
            {"start", "datetime", "start"},
            {"end", "datetime", "end"},
            {"today", "date", "today"},
            {"deviceid", "text", "deviceid"},
            {"username", "text", "username"},
            {"intro", "note", ""},
            {"interview", "group", ""},
            {"interview_date", "date", ""},
            {"visit_start", "datetime", ""},
            {"visit_time", "time", ""},
            {"location", "geopoint", ""},
            {"consent", "select_one", ""},
            {"household_size", "integer", ""},
            {"income", "decimal", ""},
            {"head_name", "text", ""},
            {"fruits", "select_multiple", ""},
            {"favourite_fruit", "select_one", ""},
            {"favourite_fruit_other", "text", ""},
            {"ack", "select_one", ""},
            {"house_photo", "photo", ""},
            {"document", "file", ""},
            {"recording", "file", ""},
            {"members", "repeat", ""},
            {"members.member_number", "calculate", ""},
            {"members.age", "integer", ""},
            {"member_count", "calculate", ""},
            {"visits", "repeat", ""},
            {"comment", "text", ""},
            {"rating", "select_one", ""},
            {"next_visit", "date", ""},
            {"visit_code", "text", ""},
            {"adults", "integer", ""},
            {"cities_visited", "select_multiple", ""},
            {"interview_id", "calculate", ""},
            {"first_member", "calculate", ""},
        };
        for (const auto &[path, type, metadata] : rows)
            QTest::newRow(path) << QString::fromLatin1(path) << QString::fromLatin1(type)
                                << QString::fromLatin1(metadata);
    }

    void everyTypeMapped()
    {
        QFETCH(QString, path);
        QFETCH(QString, type);
        QFETCH(QString, metadata);
        const FieldDefinition *field = m_form.field(path);
        QVERIFY2(field, qPrintable(path));
        QCOMPARE(fieldTypeName(field->type), type);
        QCOMPARE(field->metadata, metadata);
    }

    void propertiesMapped()
    {
        const FieldDefinition *size = m_form.field(QStringLiteral("household_size"));
        QCOMPARE(size->label.text(QStringLiteral("fr")), QStringLiteral("Personnes"));
        QCOMPARE(size->label.text(QStringLiteral("en")), QStringLiteral("People"));
        QCOMPARE(size->hint.text(QStringLiteral("en")), QStringLiteral("Everyone living here"));
        QCOMPARE(size->required.source(), QStringLiteral("true()")); // a TRUE boolean cell
        QCOMPARE(size->constraint.source(), QStringLiteral(". >= 1 and . <= 30"));
        QCOMPARE(size->constraintMessage.text(QStringLiteral("en")), QStringLiteral("1 to 30"));
        QCOMPARE(size->relevant.source(), QStringLiteral("${consent} = 'yes'"));
        QCOMPARE(size->defaultValue, QJsonValue(1));
        QCOMPARE(m_form.field(QStringLiteral("fruits"))->defaultValue,
                 QJsonValue(QJsonArray{"apple", "banana"}));
        QCOMPARE(m_form.field(QStringLiteral("comment"))->readOnly.source(),
                 QStringLiteral("${consent} = 'no'"));
        QCOMPARE(m_form.field(QStringLiteral("member_count"))->calculation.source(),
                 QStringLiteral("count(${members})"));
        const FieldDefinition *visits = m_form.field(QStringLiteral("visits"));
        QCOMPARE(visits->minCount, 2); // repeat_count 2
        QCOMPARE(visits->maxCount, 2);
        QVERIFY(!visits->hasRepeatCount());
        const FieldDefinition *members = m_form.field(QStringLiteral("members"));
        QCOMPARE(members->repeatCount.source(), QStringLiteral("${household_size}"));
        QCOMPARE(members->minCount, 0);
        QCOMPARE(members->maxCount, -1);
        // Dynamic defaults: expressions; static ones stay values.
        QCOMPARE(m_form.field(QStringLiteral("next_visit"))->defaultExpression.source(),
                 QStringLiteral("today() + 7"));
        QCOMPARE(m_form.field(QStringLiteral("adults"))->defaultExpression.source(),
                 QStringLiteral("${household_size} - 1"));
        QVERIFY(!m_form.field(QStringLiteral("next_visit"))->hasDefault());
        QVERIFY(!size->hasDynamicDefault());
        // choice_filter: our filter over `.`, on select_one and select_multiple alike.
        const QString filter =
            QStringLiteral("(('ke'=${country}) and selected('nairobi mombasa', .)) or "
                           "(('ug'=${country}) and selected('kampala gulu', .))");
        QCOMPARE(m_form.field(QStringLiteral("city"))->choiceFilter.source(), u'(' + filter + u')');
        QCOMPARE(m_form.field(QStringLiteral("cities_visited"))->choiceFilter.source(),
                 u'(' + filter + u')');
        QVERIFY(m_form.field(QStringLiteral("city"))->constraint.isEmpty());
        QCOMPARE(m_form.field(QStringLiteral("members"))->relevant.source(),
                 QStringLiteral("${consent}='yes'"));
        // Groups do not make a scope; repeats do.
        QVERIFY(m_form.field(QStringLiteral("consent")));
        QVERIFY(!m_form.field(QStringLiteral("age")));
    }

    void choices()
    {
        const ChoiceList *yesNo = m_form.choiceList(QStringLiteral("yes_no"));
        QVERIFY(yesNo);
        QCOMPARE(yesNo->choices.size(), 2);
        QCOMPARE(yesNo->choices.at(0).label.text(QStringLiteral("fr")), QStringLiteral("Oui"));
        QCOMPARE(m_form.choiceList(QStringLiteral("rating"))->choices.at(0).name,
                 QStringLiteral("1")); // a number cell
        // or_other: a copy of the list with "other", and a text field for it.
        const FieldDefinition *favourite = m_form.field(QStringLiteral("favourite_fruit"));
        const ChoiceList *withOther = m_form.choicesOf(*favourite);
        QCOMPARE(withOther->choices.size(), 4);
        QVERIFY(withOther->contains(QStringLiteral("other")));
        QCOMPARE(m_form.choiceList(QStringLiteral("fruit"))->choices.size(), 3);
        // acknowledge: one choice, OK.
        const ChoiceList *ack = m_form.choicesOf(*m_form.field(QStringLiteral("ack")));
        QCOMPARE(ack->choices.size(), 1);
        QCOMPARE(ack->choices.at(0).name, QStringLiteral("OK"));
    }

    void validRecordHasNoIssues() { QCOMPARE(issuesOf(m_form, validHousehold()), QStringList()); }

    // Each row: a change to the valid record, and the issues the sheet's expressions give.
    void validatesAsTheSheetSays_data()
    {
        QTest::addColumn<QJsonObject>("changes");
        QTest::addColumn<QStringList>("issues");
        QTest::newRow("size below 1") << QJsonObject{{"household_size", 0}}
                                      << QStringList{"household_size constraint", "members count"};
        QTest::newRow("size above 30") << QJsonObject{{"household_size", 31}}
                                       << QStringList{"household_size constraint", "members count"};
        QTest::newRow("size 30") << QJsonObject{{"household_size", 30}}
                                 << QStringList{"members count"};
        QTest::newRow("size missing") << QJsonObject{{"household_size", QJsonValue()}}
                                      << QStringList{"household_size required", "members count"};
        QTest::newRow("no consent: size not relevant")
            << QJsonObject{{"consent", "no"},
                           {"household_size", QJsonValue()},
                           {"income", -5},
                           {"members", QJsonArray{}}}
            << QStringList{};
        QTest::newRow("negative income")
            << QJsonObject{{"income", -1}} << QStringList{"income constraint"};
        QTest::newRow("short name")
            << QJsonObject{{"head_name", "A"}} << QStringList{"head_name constraint"};
        QTest::newRow("future date") << QJsonObject{{"interview_date", "2024-05-02"}}
                                     << QStringList{"interview_date constraint"};
        QTest::newRow("city of another country")
            << QJsonObject{{"city", "kampala"}} << QStringList{"city constraint"};
        QTest::newRow("cities of another country")
            << QJsonObject{{"cities_visited", QJsonArray{"nairobi", "gulu"}}}
            << QStringList{"cities_visited constraint"};
        QTest::newRow("cities after changing country")
            << QJsonObject{{"country", "ug"},
                           {"city", "gulu"},
                           {"cities_visited", QJsonArray{"kampala", "gulu"}}}
            << QStringList{};
        QTest::newRow("no country: no city offered")
            << QJsonObject{{"country", QJsonValue()}, {"city", QJsonValue()}}
            << QStringList{"cities_visited constraint"};
        QTest::newRow("size 3, two members")
            << QJsonObject{{"household_size", 3}} << QStringList{"members count"};
        QTest::newRow("size 1, two members")
            << QJsonObject{{"household_size", 1}} << QStringList{"members count"};
        QTest::newRow("size 1, one member")
            << QJsonObject{{"household_size", 1},
                           {"members", QJsonArray{QJsonObject{{"member_number", 1},
                                                              {"member_name", "Amina"},
                                                              {"sex", "female"},
                                                              {"age", 61}}}}}
            << QStringList{};
        QTest::newRow("city of that country") << QJsonObject{{"city", "mombasa"}} << QStringList{};
        QTest::newRow("city after changing country: cities visited no longer offered")
            << QJsonObject{{"country", "ug"}, {"city", "gulu"}}
            << QStringList{"cities_visited constraint"};
        QTest::newRow("three fruits")
            << QJsonObject{{"fruits", QJsonArray{"apple", "banana", "mango"}}}
            << QStringList{"fruits constraint"};
        QTest::newRow("unknown fruit")
            << QJsonObject{{"fruits", QJsonArray{"kiwi"}}} << QStringList{"fruits choice"};
        QTest::newRow("ack not OK") << QJsonObject{{"ack", "no"}} << QStringList{"ack choice"};
        QTest::newRow("rating 3") << QJsonObject{{"rating", "3"}} << QStringList{"rating choice"};
        QTest::newRow("consent missing")
            << QJsonObject{{"consent", QJsonValue()}, {"members", QJsonArray{}}}
            << QStringList{"consent required"};
        QTest::newRow("one visit")
            << QJsonObject{{"visits", QJsonArray{QJsonObject{{"visit_date", "2024-04-01"}}}}}
            << QStringList{"visits count"};
        QTest::newRow("other answer hidden when not other")
            << QJsonObject{{"favourite_fruit", "apple"}} << QStringList{};
    }

    void validatesAsTheSheetSays()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(QStringList, issues);
        QJsonObject values = validHousehold();
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull())
                values.remove(it.key());
            else
                values.insert(it.key(), it.value());
        }
        QCOMPARE(issuesOf(m_form, values), issues);
    }

    // A new record: dynamic defaults evaluated once, members following household_size.
    void newRecordsFollowTheSheet()
    {
        const QDateTime now(QDate(2024, 5, 1), QTime(9, 0), Qt::OffsetFromUTC, 3 * 3600);
        Record record = RecordFactory::create(m_form, now);
        QJsonObject v = record.values;
        QCOMPARE(v.value("next_visit"), QJsonValue("2024-05-08"));
        QCOMPARE(v.value("visit_code"), QJsonValue("HH-20240501"));
        QCOMPARE(v.value("adults"), QJsonValue(0)); // household_size's default 1, minus 1
        QCOMPARE(v.value("interview_id").toString().size(), 36);
        QVERIFY(!v.contains("members")); // not relevant before consent
        v.insert("consent", "yes");
        v.insert("household_size", 3);
        v = Calculator::apply(m_form, RepeatCounts::follow(m_form, v, now), now);
        QCOMPARE(v.value("members").toArray().size(), 3);
        QCOMPARE(v.value("members").toArray().at(2).toObject().value("member_number"),
                 QJsonValue(3));
        QCOMPARE(v.value("adults"), QJsonValue(0)); // a default applies once
        QCOMPARE(v.value("interview_id"), record.values.value("interview_id")); // once()
    }

    void validatesRepeatInstances()
    {
        QJsonObject values = validHousehold();
        QJsonArray members = values.value(QStringLiteral("members")).toArray();
        QJsonObject amina = members.at(0).toObject();
        amina.remove(QStringLiteral("pregnant")); // female, 30: required
        members[0] = amina;
        QJsonObject otieno = members.at(1).toObject();
        otieno.insert(QStringLiteral("age"), 130); // above 120
        members[1] = otieno;
        values.insert(QStringLiteral("members"), members);
        QCOMPARE(issuesOf(m_form, values),
                 (QStringList{"members[1].pregnant required", "members[2].age constraint"}));
    }

    void messagesComeFromTheSheet()
    {
        QJsonObject values = validHousehold();
        values.remove(QStringLiteral("head_name"));
        const auto issues = Validator(m_form, {QStringLiteral("en"), kNow}).validateValues(values);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.at(0).message, QStringLiteral("Please give a name"));
    }

    void csvImportEqualsXlsx()
    {
        for (const char *name : {"household_csv", "named_csv/Household - survey.csv"}) {
            auto csv = XlsFormImporter::importFile(fixture(QLatin1String(name)));
            QVERIFY2(csv.ok(), qPrintable(csv.ok() ? QString() : csv.error().message));
            QCOMPARE(csv->form, m_form);
            QCOMPARE(csv->warnings.size(), m_report.warnings.size());
        }
    }

    void summary()
    {
        const ImportSummary &s = m_report.summary;
        QCOMPARE(s.formId, QStringLiteral("household_survey"));
        QCOMPARE(s.groupCount, 1);
        QCOMPARE(s.repeatCount, 2);
        QCOMPARE(s.fieldsByType.value(QStringLiteral("metadata:start")), 1);
        QCOMPARE(s.fieldsByType.value(QStringLiteral("calculate")), 5);
        QCOMPARE(s.fieldsByType.value(QStringLiteral("select_one")), 8);
        QCOMPARE(s.fieldCount, 40);
        QCOMPARE(s.languages, (QStringList{"en", "fr"}));
        QCOMPARE(s.warningCount, m_report.warnings.size());
        const QString text = m_report.toText();
        QVERIFY2(text.contains(QStringLiteral("form household_survey, version 2024011501: "
                                              "Household survey")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("40 fields")));
        QVERIFY(text.contains(QStringLiteral("1 groups, 2 repeats")));
        QVERIFY(text.contains(QStringLiteral("languages: en, fr (default en)")));
        const QJsonObject json = m_report.toJson();
        QCOMPARE(json.value("summary").toObject().value("fields").toInt(), 40);
        QCOMPARE(json.value("warnings").toArray().size(), m_report.warnings.size());
        QCOMPARE(json.value("form").toObject().value("id").toString(),
                 QStringLiteral("household_survey"));
    }

    void presentationLossesAreWarnings_data()
    {
        QTest::addColumn<QString>("expected");
        QTest::newRow("appearance") << "survey, row 8, column appearance: appearance is "
                                       "presentation only";
        QTest::newRow("audio") << "survey, row 26, column TYPE: audio is kept as a file";
        QTest::newRow("acknowledge") << "survey, row 23, column TYPE: acknowledge is a select_one";
        QTest::newRow("choice media") << "choices, row 14, column media::image: media in choices";
        QTest::newRow("instance_name") << "settings, row 2, column instance_name: record names";
    }

    void presentationLossesAreWarnings()
    {
        QFETCH(QString, expected);
        QStringList all;
        for (const ImportIssue &warning : m_report.warnings) {
            QVERIFY(!warning.isError());
            all.append(warning.toString());
        }
        QVERIFY2(std::any_of(all.cbegin(), all.cend(),
                             [&](const QString &w) { return w.startsWith(expected); }),
                 qPrintable(all.join(u'\n')));
    }

    void warningsForm()
    {
        auto report = XlsFormImporter::importFile(fixture(QStringLiteral("warnings.xlsx")));
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QStringList all;
        for (const ImportIssue &warning : report->warnings)
            all.append(warning.toString());
        const QString text = all.join(u'\n');
        for (const char *expected :
             {"survey, row 2, column appearance: appearance is presentation only",
              "survey, row 3, column media::image: media are not shown",
              "survey, row 2, column my_notes: not an XLSForm column Outpost knows",
              "survey, row 3, column type: audio is kept as a file",
              "survey, row 4, column label: no label; the name \"b\" is shown",
              "survey, row 5, column required: required has no effect on a note",
              "survey, row 6, column label: group without a label",
              "survey, row 7, column type: barcode is kept as text",
              "survey, row 7, column parameters: parameters",
              "survey, row 9, column type: a row without a type is ignored",
              "choices, row 2, column label: choice \"x\" has no label",
              "choices, row 1, column extra: a column no choice_filter uses",
              "external_choices: a sheet XLSForm does not define",
              "settings, column form_id: no form_id; using \"warnings\" from the file name",
              "settings, column version: no version; using 1"}) {
            QVERIFY2(
                text.contains(QLatin1String(expected)),
                qPrintable(
                    QStringLiteral("missing \"%1\" in:\n%2").arg(QLatin1String(expected), text)));
        }
        QCOMPARE(report->form.id, QStringLiteral("warnings"));
    }

    void minimalForm()
    {
        auto report = XlsFormImporter::importFile(fixture(QStringLiteral("minimal form.xlsx")));
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->form.id, QStringLiteral("minimal_form")); // from the file name
        QCOMPARE(report->form.version, 1);
        QVERIFY(report->form.languages.isEmpty());
        QCOMPARE(report->form.fields.size(), 2);
        ImportOptions options;
        options.version = 7;
        options.fallbackFormId = QStringLiteral("chosen");
        auto chosen =
            XlsFormImporter::importFile(fixture(QStringLiteral("minimal form.xlsx")), options);
        QVERIFY(chosen.ok());
        QCOMPARE(chosen->form.version, 7);
        QCOMPARE(chosen->form.id, QStringLiteral("chosen"));
    }

    void versions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("version");
        QTest::newRow("date-like") << "2024011501" << 2024011501;
        QTest::newRow("small") << "3" << 3;
        QTest::newRow("dotted") << "1.2" << 1002000;
        QTest::newRow("semver") << "2.10.3" << 2010003;
        QTest::newRow("zero dot") << "0.1" << 1000;
        QTest::newRow("too long") << "202401150930" << 0;
        QTest::newRow("zero") << "0" << 0;
        QTest::newRow("words") << "v3" << 0;
        QTest::newRow("minor too big") << "1.1000" << 0;
    }

    void versions()
    {
        QFETCH(QString, text);
        QFETCH(int, version);
        auto mapped = SettingsConverter::mapVersion(text);
        QCOMPARE(mapped.ok(), version > 0);
        if (version > 0)
            QCOMPARE(*mapped, version);
    }
};

QTEST_GUILESS_MAIN(TestXlsFormImport)
#include "tst_xlsformimport.moc"
