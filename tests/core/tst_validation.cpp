// Record validation: the value shape of every field type, required, relevance, constraints,
// repeat groups, unknown fields and messages.
#include <QtTest>

#include "validationform.h"
#include "validator.h"

using namespace outpost;

namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

ValidationIssues validate(const QJsonObject &values, const QString &language = {})
{
    static const FormDefinition form = test::validationForm();
    return Validator(form, {language, kNow}).validateValues(values);
}

QStringList describe(const ValidationIssues &issues)
{
    QStringList out;
    for (const ValidationIssue &issue : issues)
        out.append(issue.path + QLatin1Char(':') + issue.code);
    return out;
}

QJsonObject with(QJsonObject values, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        values.remove(key);
    else
        values.insert(key, value);
    return values;
}

QJsonObject member(const QJsonObject &extra = {})
{
    QJsonObject m{{QStringLiteral("mname"), QStringLiteral("Cy")}, {QStringLiteral("mage"), 10}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it->isUndefined() || it->isNull())
            m.remove(it.key());
        else
            m.insert(it.key(), *it);
    }
    return m;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private:
    static void row(const char *name, const char *field, const QJsonValue &value, const char *code)
    {
        QTest::newRow(name) << QString::fromUtf8(field) << value << QString::fromUtf8(code);
    }

private Q_SLOTS:
    void validRecordHasNoIssues()
    {
        QCOMPARE(describe(validate(test::validValues())), QStringList());
    }

    // One field set to one value; `code` is the expected issue for that field ("" for none).
    void valueShapes_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("code");
        using test::attachment;
        row("text", "t", QStringLiteral("hello"), "");
        row("text number", "t", 5, "type");
        row("text bool", "t", true, "type");
        row("text too long", "t", QString(70000, u'x'), "range");
        row("text null is unanswered", "t", QJsonValue::Null, "");
        row("integer", "i", 42, "");
        row("integer negative", "i", -7, "");
        row("integer fraction", "i", 4.5, "type");
        row("integer string", "i", QStringLiteral("42"), "type");
        row("integer huge", "i", 1e300, "range");
        row("decimal", "d", 3.25, "");
        row("decimal integral", "d", 3, "");
        row("decimal string", "d", QStringLiteral("3.25"), "type");
        row("date", "dt", QStringLiteral("2024-02-29"), "");
        row("date not leap", "dt", QStringLiteral("2023-02-29"), "type");
        row("date month 13", "dt", QStringLiteral("2024-13-01"), "type");
        row("date short", "dt", QStringLiteral("2024-2-1"), "type");
        row("date with time", "dt", QStringLiteral("2024-02-01T10:00:00Z"), "type");
        row("date trailing newline", "dt", QStringLiteral("2024-02-01\n"), "type");
        row("date number", "dt", 20240201, "type");
        row("datetime utc", "dtm", QStringLiteral("2024-05-01T10:00:00Z"), "");
        row("datetime offset ms", "dtm", QStringLiteral("2024-05-01T10:00:00.123+02:00"), "");
        row("datetime no seconds", "dtm", QStringLiteral("2024-05-01T10:00Z"), "");
        row("datetime no offset", "dtm", QStringLiteral("2024-05-01T10:00:00"), "type");
        row("datetime bad hour", "dtm", QStringLiteral("2024-05-01T24:00:00Z"), "type");
        row("datetime bad offset", "dtm", QStringLiteral("2024-05-01T10:00:00+15:00"), "type");
        row("datetime date only", "dtm", QStringLiteral("2024-05-01"), "type");
        row("time", "tm", QStringLiteral("08:30"), "");
        row("time seconds", "tm", QStringLiteral("08:30:15.250"), "");
        row("time bad minute", "tm", QStringLiteral("08:60"), "type");
        row("time text", "tm", QStringLiteral("8.30am"), "type");
        row("select_one", "so", QStringLiteral("n"), "");
        row("select_one unknown", "so", QStringLiteral("maybe"), "choice");
        row("select_one array", "so", QJsonArray{QStringLiteral("y")}, "type");
        row("select_multiple", "sm", QJsonArray{QStringLiteral("red"), QStringLiteral("blue")}, "");
        row("select_multiple empty is unanswered", "sm", QJsonArray{}, "");
        row("select_multiple unknown", "sm", QJsonArray{QStringLiteral("pink")}, "choice");
        row("select_multiple twice", "sm", QJsonArray{QStringLiteral("red"), QStringLiteral("red")},
            "choice");
        row("select_multiple string", "sm", QStringLiteral("red blue"), "type");
        row("select_multiple numbers", "sm", QJsonArray{1, 2}, "type");
        row("geopoint", "gp",
            QJsonObject{{QStringLiteral("lat"), -8.9},
                        {QStringLiteral("lon"), 33.4},
                        {QStringLiteral("accuracy"), 4.5}},
            "");
        row("geopoint altitude", "gp",
            QJsonObject{{QStringLiteral("lat"), 90},
                        {QStringLiteral("lon"), -180},
                        {QStringLiteral("altitude"), 1200}},
            "");
        row("geopoint lat range", "gp",
            QJsonObject{{QStringLiteral("lat"), 90.5}, {QStringLiteral("lon"), 0}}, "range");
        row("geopoint lon range", "gp",
            QJsonObject{{QStringLiteral("lat"), 0}, {QStringLiteral("lon"), -180.1}}, "range");
        row("geopoint accuracy negative", "gp",
            QJsonObject{{QStringLiteral("lat"), 0},
                        {QStringLiteral("lon"), 0},
                        {QStringLiteral("accuracy"), -1}},
            "range");
        row("geopoint missing lon", "gp", QJsonObject{{QStringLiteral("lat"), 0}}, "type");
        row("geopoint string member", "gp",
            QJsonObject{{QStringLiteral("lat"), QStringLiteral("1")}, {QStringLiteral("lon"), 0}},
            "type");
        row("geopoint unknown member", "gp",
            QJsonObject{
                {QStringLiteral("lat"), 0}, {QStringLiteral("lon"), 0}, {QStringLiteral("x"), 0}},
            "type");
        row("geopoint as string", "gp", QStringLiteral("-8.9 33.4 0 5"), "type");
        row("photo", "ph", attachment(), "");
        row("photo png", "ph", attachment(QStringLiteral("image/png")), "");
        row("photo not an image", "ph", attachment(QStringLiteral("application/pdf")), "type");
        row("photo as file name", "ph", QStringLiteral("house.jpg"), "type");
        row("file pdf", "fl", attachment(QStringLiteral("application/pdf")), "");
        row("file bad mime", "fl", attachment(QStringLiteral("pdf")), "type");
        row("file bad uuid", "fl", with(attachment(), QStringLiteral("id"), QStringLiteral("nope")),
            "type");
        row("file uppercase sha", "fl",
            with(attachment(), QStringLiteral("sha256"), QString(64, u'A')), "type");
        row("file short sha", "fl", with(attachment(), QStringLiteral("sha256"), QString(63, u'a')),
            "type");
        row("file negative size", "fl", with(attachment(), QStringLiteral("size"), -1), "type");
        row("file fractional size", "fl", with(attachment(), QStringLiteral("size"), 1.5), "type");
        row("file no name", "fl", with(attachment(), QStringLiteral("name"), QJsonValue::Undefined),
            "type");
        row("file name with slash", "fl",
            with(attachment(), QStringLiteral("name"), QStringLiteral("../x")), "type");
        row("file extra member", "fl",
            with(attachment(), QStringLiteral("path"), QStringLiteral("/tmp/x")), "type");
        row("note with value", "nt", QStringLiteral("x"), "unexpected_value");
        row("note null", "nt", QJsonValue::Null, "");
        row("calculate number", "c", 4, "");
        row("calculate string", "c", QStringLiteral("x"), "");
        row("calculate bool", "c", true, "");
        row("calculate object", "c", QJsonObject{}, "type");
        row("unknown field", "nope", 1, "unknown_field");
        row("group name is not a value", "g", 1, "unknown_field");
    }

    void valueShapes()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, code);
        const ValidationIssues issues = validate(with(test::validValues(), field, value));
        QStringList codes;
        for (const ValidationIssue &issue : issues) {
            QCOMPARE(issue.path, field); // nothing else is affected
            QVERIFY(!issue.message.isEmpty());
            codes.append(issue.code);
        }
        QCOMPARE(codes, code.isEmpty() ? QStringList() : QStringList{code});
    }

    void required()
    {
        // Missing, null, empty string: all unanswered.
        for (const QJsonValue &empty : {QJsonValue(QJsonValue::Undefined),
                                        QJsonValue(QJsonValue::Null), QJsonValue(QString())}) {
            const ValidationIssues issues =
                validate(with(test::validValues(), QStringLiteral("name"), empty));
            QCOMPARE(describe(issues), QStringList{QStringLiteral("name:required")});
            QCOMPARE(issues.first().message, QStringLiteral("Give a name."));
        }
        // The form's message in the requested language; the default language otherwise.
        const auto missingName =
            with(test::validValues(), QStringLiteral("name"), QJsonValue::Undefined);
        QCOMPARE(validate(missingName, QStringLiteral("fr")).first().message,
                 QStringLiteral("Donnez un nom."));
        QCOMPARE(validate(missingName, QStringLiteral("de")).first().message,
                 QStringLiteral("Give a name."));
        // A generic message without one.
        const auto missingAge =
            with(test::validValues(), QStringLiteral("age"), QJsonValue::Undefined);
        QVERIFY(describe(validate(missingAge)).contains(QStringLiteral("age:required")));
        // Required by expression: job is required from age 18.
        const auto noJob = with(test::validValues(), QStringLiteral("job"), QJsonValue::Undefined);
        QCOMPARE(describe(validate(noJob)), QStringList{QStringLiteral("job:required")});
        QCOMPARE(describe(validate(with(with(noJob, QStringLiteral("age"), 17),
                                        QStringLiteral("spouse"), QJsonValue::Undefined))),
                 QStringList());
        // A required field is not type-checked as missing twice, and a present value passes.
        QCOMPARE(describe(validate(with(test::validValues(), QStringLiteral("name"), 5))),
                 QStringList{QStringLiteral("name:type")});
    }

    void relevance()
    {
        // spouse is relevant from age 18: required and constrained then, ignored otherwise.
        auto values = with(test::validValues(), QStringLiteral("spouse"), QJsonValue::Undefined);
        QCOMPARE(describe(validate(values)), QStringList{QStringLiteral("spouse:required")});
        values = with(test::validValues(), QStringLiteral("spouse"), QStringLiteral("Al"));
        QCOMPARE(describe(validate(values)), QStringList{QStringLiteral("spouse:constraint")});
        values = with(with(values, QStringLiteral("age"), 12), QStringLiteral("spouse"), 42);
        QCOMPARE(describe(validate(values)), QStringList()); // not relevant: not even type-checked

        // A group's relevance applies to its children.
        values = with(test::validValues(), QStringLiteral("so"), QStringLiteral("y"));
        QCOMPARE(describe(validate(values)), QStringList{QStringLiteral("gchild:required")});
        values = with(values, QStringLiteral("gchild"), 3);
        QCOMPARE(describe(validate(values)), QStringList());
        values = with(values, QStringLiteral("so"), QStringLiteral("n"));
        QCOMPARE(describe(validate(with(values, QStringLiteral("gchild"), QStringLiteral("x")))),
                 QStringList());

        // A non-relevant repeat: not counted, its instances not checked.
        values = with(with(test::validValues(), QStringLiteral("age"), 99),
                      QStringLiteral("members"), QJsonArray{});
        QCOMPARE(describe(validate(values)), QStringList());
        values = with(values, QStringLiteral("members"),
                      QJsonArray{QJsonObject{{QStringLiteral("mage"), QStringLiteral("x")}}});
        QCOMPARE(describe(validate(values)), QStringList());
    }

    void constraints()
    {
        auto values = with(test::validValues(), QStringLiteral("age"), 130);
        const ValidationIssues issues = validate(values);
        // 130 also makes the member (age 10) fine, the respondent's age fails.
        QCOMPARE(describe(issues), QStringList{QStringLiteral("age:constraint")});
        QCOMPARE(issues.first().message, QStringLiteral("0 to 120."));
        QCOMPARE(validate(values, QStringLiteral("fr")).first().message,
                 QStringLiteral("De 0 à 120."));
        // Boundaries.
        QCOMPARE(describe(validate(with(test::validValues(), QStringLiteral("age"), 120))),
                 QStringList());
        // Not checked on an empty value.
        values = with(test::validValues(), QStringLiteral("code"), QString());
        QCOMPARE(describe(validate(values)), QStringList());
        // A runtime failure (invalid regex from another field) is an issue, not a crash.
        values = with(with(test::validValues(), QStringLiteral("pattern"), QStringLiteral("([")),
                      QStringLiteral("code"), QStringLiteral("x"));
        QCOMPARE(describe(validate(values)), QStringList{QStringLiteral("code:expression")});
        values = with(values, QStringLiteral("pattern"), QStringLiteral("^[a-z]$"));
        QCOMPARE(describe(validate(values)), QStringList());
        values = with(values, QStringLiteral("code"), QStringLiteral("xy"));
        QCOMPARE(describe(validate(values)), QStringList{QStringLiteral("code:constraint")});
        QCOMPARE(validate(values).first().message, QStringLiteral("This value is not allowed."));
    }

    void repeats()
    {
        const auto withMembers = [](const QJsonArray &members) {
            return with(test::validValues(), QStringLiteral("members"), members);
        };
        // min_count / max_count.
        QCOMPARE(describe(validate(withMembers({}))), QStringList{QStringLiteral("members:count")});
        QCOMPARE(describe(validate(
                     with(test::validValues(), QStringLiteral("members"), QJsonValue::Undefined))),
                 QStringList{QStringLiteral("members:count")});
        QCOMPARE(describe(validate(withMembers({member(), member(), member()}))), QStringList());
        QCOMPARE(describe(validate(withMembers({member(), member(), member(), member()}))),
                 QStringList{QStringLiteral("members:count")});
        // Shape.
        QCOMPARE(
            describe(validate(with(test::validValues(), QStringLiteral("members"), QJsonObject{}))),
            QStringList{QStringLiteral("members:type")});
        QCOMPARE(describe(validate(withMembers({member(), 5}))),
                 QStringList{QStringLiteral("members[2]:type")});
        // Per instance, with 1-based paths; ${sibling} is the same instance's value, ${age}
        // the respondent's.
        const ValidationIssues issues = validate(withMembers({
            member(),
            member({{QStringLiteral("mname"), QJsonValue::Null}}),
            member({{QStringLiteral("mage"), 31}}),
        }));
        QCOMPARE(describe(issues), (QStringList{QStringLiteral("members[2].mname:required"),
                                                QStringLiteral("members[3].mage:constraint"),
                                                QStringLiteral("members[3].mpreg:required")}));
        QCOMPARE(issues.at(1).message, QStringLiteral("Younger than the respondent."));
        // Relevance per instance: only the second member is asked about pregnancy.
        QCOMPARE(describe(validate(withMembers(
                     {member(), member({{QStringLiteral("mage"), 20},
                                        {QStringLiteral("mpreg"), QStringLiteral("n")}})}))),
                 QStringList());
        QCOMPARE(describe(validate(
                     withMembers({member({{QStringLiteral("mpreg"), QStringLiteral("zz")}})}))),
                 QStringList()); // mage 10: not relevant, not checked
        // Unknown members inside an instance.
        QCOMPARE(describe(validate(withMembers({member({{QStringLiteral("age"), 3}})}))),
                 QStringList{QStringLiteral("members[1].age:unknown_field")});
        // A nested repeat sees its own instance, the enclosing member and the record.
        const QJsonArray visits{
            QJsonObject{{QStringLiteral("vdate"), QStringLiteral("2024-04-01")}},
            QJsonObject{{QStringLiteral("vdate"), QStringLiteral("2024-06-01")}}};
        QCOMPARE(describe(validate(
                     withMembers({member(), member({{QStringLiteral("visits"), visits}})}))),
                 QStringList{QStringLiteral("members[2].visits[2].vdate:constraint")});
        QCOMPARE(describe(validate(withMembers({member(
                     {{QStringLiteral("visits"), QJsonArray{visits[0], visits[0], visits[0]}}})}))),
                 QStringList{QStringLiteral("members[1].visits:count")});
        // The nested constraint uses ${mname} of its member: an unnamed member fails it.
        QCOMPARE(describe(validate(
                     withMembers({member({{QStringLiteral("mname"), QString()},
                                          {QStringLiteral("visits"), QJsonArray{visits[0]}}})}))),
                 (QStringList{QStringLiteral("members[1].mname:required"),
                              QStringLiteral("members[1].visits[1].vdate:constraint")}));
    }

    void recordMustMatchItsForm()
    {
        const FormDefinition form = test::validationForm();
        Record record;
        record.formId = form.id;
        record.formVersion = form.version;
        record.values = test::validValues();
        QCOMPARE(Validator(form, {{}, kNow}).validate(record), ValidationIssues());
        record.formVersion = 3;
        QCOMPARE(describe(Validator(form, {{}, kNow}).validate(record)),
                 QStringList{QStringLiteral(":form_mismatch")});
        record.formVersion = form.version;
        record.formId = QStringLiteral("other");
        QCOMPARE(describe(Validator(form, {{}, kNow}).validate(record)),
                 QStringList{QStringLiteral(":form_mismatch")});
    }

    void hostileRecordsDoNotCrash()
    {
        // Deeply nested garbage, huge arrays and wrong types everywhere.
        QJsonValue nested = 1;
        for (int i = 0; i < 500; ++i)
            nested = QJsonArray{nested};
        QJsonObject values{{QStringLiteral("members"),
                            QJsonArray{nested, QJsonObject{{QStringLiteral("visits"), nested}}}},
                           {QStringLiteral("gp"), nested},
                           {QStringLiteral("sm"), nested}};
        QJsonArray many;
        for (int i = 0; i < 20000; ++i)
            many.append(QJsonObject{});
        values.insert(QStringLiteral("t"), many);
        const ValidationIssues issues = validate(values);
        QVERIFY(!issues.isEmpty());
        QJsonObject tooMany{{QStringLiteral("members"), many}};
        QVERIFY(describe(validate(tooMany)).contains(QStringLiteral("members:count")));
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
