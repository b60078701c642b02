// The file formats: .xlsx cells of every kind, CSV, and hostile files that must give a clear
// error (never a crash, never an exhausted memory).
#include "csvreader.h"
#include "xlsformimporter.h"
#include "xlsformtestutil.h"
#include "xlsxreader.h"

#include <QTest>

using namespace outpost;
using outpost::xlsformtest::fixture;

class TestXlsxReader : public QObject
{
    Q_OBJECT

private slots:
    void cellsOfEveryKind()
    {
        auto workbook = XlsxReader::read(fixture(QStringLiteral("cells.xlsx")));
        QVERIFY2(workbook.ok(), qPrintable(workbook.ok() ? QString() : workbook->source));
        // Sheets in the workbook's order, whatever their part names.
        QCOMPARE(workbook->sheets.size(), 2);
        QCOMPARE(workbook->sheets.at(0).name, QStringLiteral("Notes"));
        const Sheet *survey = workbook->sheet(QStringLiteral("survey")); // any case
        QVERIFY(survey);
        QCOMPARE(survey->rows.size(), 3);
        const SheetRow &header = survey->rows.at(0);
        QCOMPARE(header.number, 1);
        QCOMPARE(header.cells, (QStringList{"type", "name", "label", "", "required", "default"}));
        const SheetRow &age = survey->rows.at(1);
        QCOMPARE(age.number, 3); // the gap of row 2 is kept in the numbering
        QCOMPARE(age.cell(0), QStringLiteral("integer"));
        QCOMPARE(age.cell(1), QStringLiteral("age"));               // inline rich text
        QCOMPARE(age.cell(2), QStringLiteral("How old  are you?")); // runs, no phonetic
        QCOMPARE(age.cell(3), QString());                           // missing cell
        QCOMPARE(age.cell(4), QStringLiteral("TRUE"));              // boolean
        QCOMPARE(age.cell(5), QStringLiteral("12"));                // 12.0 as people see it
        const SheetRow &ratio = survey->rows.at(2);
        QCOMPARE(ratio.number, 4); // a row without r follows the previous one
        QCOMPARE(ratio.cells, (QStringList{"decimal", "ratio", "Ratio", "", "FALSE", "0.1"}));
    }

    void loadsOnlyTheSheetsAsked()
    {
        auto workbook =
            XlsxReader::read(fixture(QStringLiteral("cells.xlsx")), {QStringLiteral("survey")});
        QVERIFY(workbook.ok());
        QVERIFY(!workbook->sheets.at(0).loaded);
        QVERIFY(workbook->sheets.at(0).rows.isEmpty());
        QVERIFY(workbook->sheets.at(1).loaded);
    }

    void hostileFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a zip") << "not_a_zip.xlsx"
                                   << "invalid_xlsx"
                                   << "not a zip archive";
        QTest::newRow("empty file") << "empty.xlsx"
                                    << "invalid_xlsx"
                                    << "";
        QTest::newRow("truncated") << "truncated.xlsx"
                                   << "invalid_xlsx"
                                   << "";
        QTest::newRow("no workbook") << "no_workbook.xlsx"
                                     << "invalid_xlsx"
                                     << "not an .xlsx workbook";
        QTest::newRow("zip bomb") << "bomb.xlsx"
                                  << "too_large"
                                  << "zip bomb";
        QTest::newRow("unclosed XML") << "bad_xml.xlsx"
                                      << "invalid_xlsx"
                                      << "malformed XML";
        QTest::newRow("DTD") << "dtd.xlsx"
                             << "invalid_xlsx"
                             << "document type declarations";
        QTest::newRow("deep XML") << "deep_xml.xlsx"
                                  << "invalid_xlsx"
                                  << "nested more than 64";
        QTest::newRow("bad shared string") << "bad_shared_index.xlsx"
                                           << "invalid_xlsx"
                                           << "shared string \"99\"";
        QTest::newRow("far column") << "far_column.xlsx"
                                    << "invalid_xlsx"
                                    << "beyond column";
        QTest::newRow("many rows") << "many_rows.xlsx"
                                   << "invalid_xlsx"
                                   << "more than 200000 rows";
        QTest::newRow("missing file") << "no_such_file.xlsx"
                                      << "not_found"
                                      << "cannot read";
    }

    void hostileFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(QString, message);
        const QString path = file == u"no_such_file.xlsx"
                                 ? QStringLiteral(OUTPOST_XLSFORM_FIXTURES "/no_such_file.xlsx")
                                 : fixture(file);
        auto report = XlsFormImporter::importFile(path);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, code);
        QVERIFY2(report.error().message.contains(message), qPrintable(report.error().message));
        QVERIFY2(report.error().message.contains(path) || file == u"dtd.xlsx" ||
                     report.error().message.contains(QStringLiteral("sheet")),
                 qPrintable(report.error().message));
    }

    void zipBombWithLyingHeaders()
    {
        // The headers claim 1000 bytes; reading stops at the cap or at the size mismatch.
        auto report = XlsFormImporter::importFile(fixture(QStringLiteral("bomb_lying.xlsx")));
        QVERIFY(!report.ok());
        QVERIFY2(report.error().code == u"too_large" || report.error().code == u"invalid_xlsx",
                 qPrintable(report.error().code));
    }

    void csvCells()
    {
        const QByteArray text = "\xEF\xBB\xBFtype,name,label\r\n"
                                "text,a,\"Say \"\"hi\"\"\"\r\n"
                                "\r\n"
                                "note,b,\"two\nlines\"\n"
                                "integer,c,\"x,y\"";
        auto sheet = CsvReader::parse(text, QStringLiteral("survey"), QStringLiteral("s.csv"));
        QVERIFY(sheet.ok());
        QCOMPARE(sheet->rows.size(), 4);
        QCOMPARE(sheet->rows.at(0).cells, (QStringList{"type", "name", "label"}));
        QCOMPARE(sheet->rows.at(1).cell(2), QStringLiteral("Say \"hi\""));
        QCOMPARE(sheet->rows.at(2).number, 4); // blank line 3 left out, numbering kept
        QCOMPARE(sheet->rows.at(2).cell(2), QStringLiteral("two\nlines"));
        QCOMPARE(sheet->rows.at(3).number, 6);
        QCOMPARE(sheet->rows.at(3).cell(2), QStringLiteral("x,y"));
    }

    void csvSemicolons()
    {
        auto sheet = CsvReader::parse("type;name;label\ntext;a;A, or B\n", QStringLiteral("survey"),
                                      QStringLiteral("s.csv"));
        QVERIFY(sheet.ok());
        QCOMPARE(sheet->rows.at(1).cells, (QStringList{"text", "a", "A, or B"}));
    }

    void csvErrors()
    {
        auto unclosed = CsvReader::parse("type,name\ntext,\"a\n", QStringLiteral("survey"),
                                         QStringLiteral("s.csv"));
        QVERIFY(!unclosed.ok());
        QCOMPARE(unclosed.error().code, QStringLiteral("invalid_csv"));
        QVERIFY(unclosed.error().message.contains(QStringLiteral("s.csv, line 2")));
        auto latin1 = CsvReader::parse("type,name\ntext,caf\xE9\n", QStringLiteral("survey"),
                                       QStringLiteral("s.csv"));
        QVERIFY(!latin1.ok());
        QVERIFY(latin1.error().message.contains(QStringLiteral("not UTF-8")));
    }

    void csvFormFromDirectoryAndNamedFiles()
    {
        auto dir = CsvReader::readForm(fixture(QStringLiteral("household_csv")));
        QVERIFY(dir.ok());
        QVERIFY(dir->sheet(QStringLiteral("survey")));
        QVERIFY(dir->sheet(QStringLiteral("choices"))); // Choices.csv: any case
        QVERIFY(dir->sheet(QStringLiteral("settings")));
        auto named =
            CsvReader::readForm(fixture(QStringLiteral("named_csv/Household - survey.csv")));
        QVERIFY(named.ok());
        QCOMPARE(named->sheets.size(), 3);
        QCOMPARE(named->sheet(QStringLiteral("choices"))->rows.size(),
                 dir->sheet(QStringLiteral("choices"))->rows.size());
        auto missing = CsvReader::readForm(fixture(QStringLiteral("named_csv")));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("no survey.csv")));
    }
};

QTEST_GUILESS_MAIN(TestXlsxReader)
#include "tst_xlsxreader.moc"
