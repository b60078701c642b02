// Every error case: the import fails and the message names the sheet, row and column (and
// says why). Each form is made by make_xlsforms.py with one problem.
#include "xlsformconverter.h"
#include "xlsformimporter.h"
#include "xlsformtestutil.h"

#include <QTest>

using namespace outpost;
using outpost::xlsformtest::fixture;

class TestXlsFormErrors : public QObject
{
    Q_OBJECT

private slots:
    void errors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        const QList<std::pair<const char *, const char *>> cases{
            {"missing_reference", "survey, row 3, column relevant: \"${nope} = 1\": ${nope} is "
                                  "not a field of this form"},
            {"unknown_function", "survey, row 2, column calculation: \"pulldata('a', 'b', 'c', "
                                 "'d')\": at position 1: unknown function pulldata()"},
            {"prefixed_function", "survey, row 3, column calculation: function jr:choice-name() "
                                  "is not supported"},
            {"syntax", "survey, row 2, column constraint: \". >\": at position"},
            {"xpath_path", "survey, row 3, column relevant: \"/data/a > 1\": at position 1: "
                           "paths such as /data/x are not"},
            {"unknown_type", "survey, row 3, column type: range (a slider) is not supported"},
            {"missing_list", "survey, row 2, column type: choice list \"nolist\" does not exist"},
            {"duplicate_name", "survey, row 4, column name: duplicate name \"a\" (also row 2)"},
            {"unclosed_group", "survey, row 2, column type: begin group \"g\" is never closed"},
            {"end_without_begin", "survey, row 3, column type: end group without a begin group"},
            {"mismatched_end", "survey, row 4, column type: end repeat, but the open one is "
                               "group \"g\" (row 2)"},
            {"empty_group", "survey, row 3, column type: group \"g\" has no fields"},
            {"duplicate_choice", "choices, row 4, column name: choice \"yes\" is already in list "
                                 "\"yn\" (row 2)"},
            {"choice_with_space", "choices, row 4, column name: choice name \"not sure\" "
                                  "contains a space"},
            {"choice_without_list", "choices, row 4, column list_name: a choice without a "
                                    "list_name"},
            {"bad_version", "settings, row 2, column version: version \"v3\" is not a number"},
            {"huge_version", "settings, row 2, column version: version \"202401150930\" is "
                             "larger than"},
            {"public_key", "settings, row 2, column public_key: encrypted submissions"},
            {"bad_form_id", "settings: form: id \"my form!\""},
            {"dynamic_default_function", "survey, row 2, column default: \"random() + today()\": "
                                         "at position 1: unknown function random()"},
            {"dynamic_default_reference", "survey, row 3, column default: \"${nope}\": ${nope} is "
                                          "not a field of this form"},
            {"repeat_count_syntax", "survey, row 3, column repeat_count: \"${n} +\": at position "
                                    "7: expression is incomplete"},
            {"repeat_count_reference", "survey, row 2, column repeat_count: \"${nope}\": ${nope} "
                                       "is not a field of this form"},
            {"repeat_count_inside", "survey, row 2, column repeat_count: \"${a}\": ${a} is inside "
                                    "repeat \"r\", which this expression is not in"},
            {"repeat_count_negative", "survey, row 2, column repeat_count: repeat_count -1 must be "
                                      "from 0 to 10000"},
            {"repeat_count_cycle", "survey, row 2: field \"c\": relevance/calculation cycle: c -> "
                                   "r -> c"},
            {"indexed_repeat_wrong", "survey, row 6: field \"c\": calculation expression: "
                                     "indexed-repeat(${b}, ...): the repeats must be the ones "
                                     "holding ${b}"},
            {"calculation_on_text", "survey, row 2, column calculation: a calculation on a text "
                                    "field"},
            {"reference_into_repeat", "survey, row 5, column relevant: \"${age} > 3\": ${age} is "
                                      "inside repeat \"r\""},
            {"repeat_reference", "survey, row 5, column relevant: \"${r} > 1\": ${r} is a repeat"},
            {"cycle", "relevance/calculation cycle"},
            {"bad_default_choice", "survey, row 2: field \"a\": default is not a valid "
                                   "select_one value"},
            {"bad_name", "survey, row 2, column name: name \"1abc\" must be"},
            {"dotted_name", "survey, row 2, column name: name \"a.b\" must be"},
            {"metadata_in_repeat", "survey, row 4: field \"r.s\": a metadata field cannot be "
                                   "inside a repeat"},
            {"trigger_column", "survey, row 3, column trigger: trigger (recompute"},
            {"filter_on_text", "survey, row 2, column choice_filter: choice_filter only applies "
                               "to select_one and select_multiple"},
            {"multiple_filter_unknown_column", "survey, row 2, column choice_filter: the "
                                               "choice_filter names \"zone\", which is not a "
                                               "column"},
            {"filter_unknown_column", "survey, row 2, column choice_filter: the choice_filter "
                                      "names \"zone\", which is not a column"},
            {"geotrace", "survey, row 2, column type: geotrace (lines) is not supported"},
            {"calculate_without_calculation", "survey, row 2, column calculation: a calculate "
                                              "row needs a calculation"},
            {"constraint_on_note", "survey, row 2, column constraint: a constraint on a note "
                                   "field is not supported"},
            {"no_survey", "there is no \"survey\" sheet (sheets: choices, settings)"},
            {"no_type_column", "survey, row 1: the survey sheet needs \"type\" and \"name\""},
            {"empty_survey", "survey: the survey sheet is empty"},
        };
        for (const auto &[file, expected] : cases)
            QTest::newRow(file) << QStringLiteral("error_%1.xlsx").arg(QLatin1String(file))
                                << QString::fromLatin1(expected);
    }

    void errors()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        auto report = XlsFormImporter::importFile(fixture(file));
        QVERIFY2(!report.ok(), qPrintable(file));
        QCOMPARE(report.error().code, QStringLiteral("invalid_xlsform"));
        QVERIFY2(report.error().message.contains(expected), qPrintable(report.error().message));
        QVERIFY(report.error().message.startsWith(fixture(file)));
    }

    void everyErrorIsReported()
    {
        auto workbook =
            XlsFormImporter::readWorkbook(fixture(QStringLiteral("error_two_errors.xlsx")));
        QVERIFY(workbook.ok());
        XlsFormConverter converter(*workbook);
        auto report = converter.convert();
        QVERIFY(!report.ok());
        QVERIFY(report.error().message.contains(QStringLiteral("2 errors in the XLSForm")));
        QList<ImportIssue> errors;
        for (const ImportIssue &issue : converter.issues()) {
            if (issue.isError())
                errors.append(issue);
        }
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).sheet, QStringLiteral("survey"));
        QCOMPARE(errors.at(0).row, 3);
        QCOMPARE(errors.at(0).column, QStringLiteral("type"));
        QCOMPARE(errors.at(1).row, 2);
        QCOMPARE(errors.at(1).column, QStringLiteral("relevant"));
        const QJsonObject json = errors.at(1).toJson();
        QCOMPARE(json.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(json.value(QStringLiteral("row")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestXlsFormErrors)
#include "tst_xlsformerrors.moc"
