// Metadata fields (FieldDefinition::metadata), added to core/forms for XLSForm's start, end,
// today, deviceid and username: the JSON format, the checks, and RecordMetadata::fill.
#include "formdefinition.h"
#include "recordmetadata.h"
#include "validator.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace outpost;

namespace {

QByteArray formJson(const QString &extraField)
{
    return QStringLiteral(R"({"id": "meta", "version": 1, "title": "Meta", "fields": [
        {"name": "start", "type": "datetime", "metadata": "start"},
        {"name": "end", "type": "datetime", "metadata": "end"},
        {"name": "today", "type": "date", "metadata": "today"},
        {"name": "g", "type": "group", "label": "G", "fields": [
            {"name": "deviceid", "type": "text", "metadata": "deviceid"}]},
        {"name": "username", "type": "text", "metadata": "username"},
        {"name": "q", "type": "text", "label": "Q"}%1]})")
        .arg(extraField)
        .toUtf8();
}

} // namespace

class TestFormMetadata : public QObject
{
    Q_OBJECT

private slots:
    void jsonRoundTrip()
    {
        auto form = FormDefinition::fromJson(formJson({}));
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        QCOMPARE(form->field(QStringLiteral("start"))->metadata, QStringLiteral("start"));
        QCOMPARE(form->field(QStringLiteral("q"))->metadata, QString());
        QVERIFY(!form->toJson().contains(QStringLiteral("q")));
        auto again = FormDefinition::fromJson(form->toJsonBytes());
        QVERIFY(again.ok());
        QCOMPARE(*again, *form);
        FieldDefinition changed = form->fields.first();
        changed.metadata = QStringLiteral("end");
        QVERIFY(!(changed == form->fields.first()));
    }

    void invalidMetadata_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << R"({"name": "x", "type": "text", "metadata": "imei"})"
                                 << "unknown metadata \"imei\"";
        QTest::newRow("wrong type") << R"({"name": "x", "type": "text", "metadata": "start"})"
                                    << "metadata \"start\" must be a datetime field";
        QTest::newRow("required")
            << R"({"name": "x", "type": "date", "metadata": "today", "required": true})"
            << "a metadata field is filled by the device";
        QTest::newRow("in a repeat") << R"({"name": "r", "type": "repeat", "label": "R", "fields": [
                  {"name": "x", "type": "text", "metadata": "username"}]})"
                                     << "field \"r.x\": a metadata field cannot be inside a repeat";
        QTest::newRow("not a string") << R"({"name": "x", "type": "text", "metadata": 1})"
                                      << "\"metadata\" must be a string";
        QTest::newRow("label still needed without metadata") << R"({"name": "x", "type": "text"})"
                                                             << "missing label";
    }

    void invalidMetadata()
    {
        QFETCH(QString, field);
        QFETCH(QString, message);
        auto form = FormDefinition::fromJson(formJson(QStringLiteral(", ") + field));
        QVERIFY(!form.ok());
        QVERIFY2(form.error().message.contains(message), qPrintable(form.error().message));
    }

    void fillOnCreateAndFinalize()
    {
        auto form = FormDefinition::fromJson(formJson({}));
        QVERIFY(form.ok());
        const QDateTime created(QDate(2024, 5, 1), QTime(9, 30), QTimeZone(7200));
        const MetadataContext context{created, QStringLiteral("device-7"), QStringLiteral("amina")};
        QJsonObject values{{"q", "answer"}};
        values = RecordMetadata::fill(*form, values, context, RecordMetadata::Moment::Created);
        QCOMPARE(values.value("start").toString(), QStringLiteral("2024-05-01T09:30:00.000+02:00"));
        QCOMPARE(values.value("today").toString(), QStringLiteral("2024-05-01"));
        QCOMPARE(values.value("deviceid").toString(), QStringLiteral("device-7")); // in a group
        QCOMPARE(values.value("username").toString(), QStringLiteral("amina"));
        QVERIFY(!values.contains("end"));
        QCOMPARE(values.value("q").toString(), QStringLiteral("answer"));

        // Created again (e.g. reopened): what is there stays.
        const MetadataContext later{created.addDays(1), QStringLiteral("device-8"),
                                    QStringLiteral("joe")};
        QJsonObject again =
            RecordMetadata::fill(*form, values, later, RecordMetadata::Moment::Created);
        QCOMPARE(again, values);

        values = RecordMetadata::fill(*form, values, later, RecordMetadata::Moment::Finalized);
        QCOMPARE(values.value("end").toString(), QStringLiteral("2024-05-02T09:30:00.000+02:00"));
        QCOMPARE(values.value("start").toString(), QStringLiteral("2024-05-01T09:30:00.000+02:00"));
        // Filled values are valid values of their fields.
        QCOMPARE(Validator(*form).validateValues(values), ValidationIssues());
    }
};

QTEST_GUILESS_MAIN(TestFormMetadata)
#include "tst_formmetadata.moc"
