// Record helpers: new records with defaults, calculations, the field states the UI shows,
// pruning non-relevant values, and a filled demo form end to end.
#include <QtTest>

#include "calculator.h"
#include "fieldstates.h"
#include "formindex.h"
#include "recordcontext.h"
#include "recordfactory.h"
#include "recordlifecycle.h"
#include "validationform.h"
#include "validator.h"

using namespace outpost;

namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

FormDefinition load(const char *json)
{
    auto form = FormDefinition::fromJson(QByteArray(json));
    if (!form)
        qFatal("%s", qPrintable(form.error().message));
    return *form;
}

FormDefinition demoForm(const QString &name)
{
    QFile file(QStringLiteral(OUTPOST_FORMS_DIR "/") + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(file.fileName()));
    auto form = FormDefinition::fromJson(file.readAll());
    if (!form)
        qFatal("%s", qPrintable(form.error().message));
    return *form;
}

const char *kDefaultsForm = R"J({
  "id": "defaults", "version": 2, "title": "Defaults",
  "choices": {"yn": [{"name": "y", "label": "Y"}, {"name": "n", "label": "N"}]},
  "fields": [
    {"name": "count", "type": "integer", "label": "Count", "default": 3},
    {"name": "g", "type": "group", "label": "G", "fields": [
      {"name": "flag", "type": "select_one", "label": "Flag", "choices": "yn", "default": "n"},
      {"name": "tags", "type": "select_multiple", "label": "Tags", "choices": "yn", "default": ["y"]}
    ]},
    {"name": "where", "type": "geopoint", "label": "Where", "default": {"lat": 1, "lon": 2}},
    {"name": "free", "type": "text", "label": "Free"},
    {"name": "double", "type": "calculate", "calculation": "${count} * 2"},
    {"name": "label", "type": "calculate", "calculation": "concat('n=', ${double})"},
    {"name": "rows", "type": "repeat", "label": "Rows", "min_count": 2, "fields": [
      {"name": "x", "type": "decimal", "label": "X", "default": 1.5},
      {"name": "nth", "type": "calculate", "calculation": "position(..) * ${count}"},
      {"name": "cells", "type": "repeat", "label": "Cells", "min_count": 1, "fields": [
        {"name": "v", "type": "integer", "label": "V", "default": 7}
      ]}
    ]},
    {"name": "x_total", "type": "calculate", "calculation": "sum(${x})"},
    {"name": "is_big", "type": "calculate", "calculation": "${x_total} > 2"},
    {"name": "nothing", "type": "calculate", "calculation": "if(${free} = '', '', 'x')"},
    {"name": "broken", "type": "calculate", "calculation": "1 div 0"}
  ]
})J";

} // namespace

class TestRecordHelpers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createAppliesDefaultsAndCalculations()
    {
        const FormDefinition form = load(kDefaultsForm);
        const QUuid id = QUuid::createUuid();
        const Record record = RecordFactory::create(form, kNow, id);
        QCOMPARE(record.id, id);
        QCOMPARE(record.formId, QStringLiteral("defaults"));
        QCOMPARE(record.formVersion, 2);
        QCOMPARE(record.state, RecordState::Draft);
        QCOMPARE(record.createdAt, kNow);
        QCOMPARE(record.updatedAt, kNow);
        const QJsonObject cell{{QStringLiteral("v"), 7}};
        const QJsonObject expected{
            {QStringLiteral("count"), 3},
            {QStringLiteral("flag"), QStringLiteral("n")},
            {QStringLiteral("tags"), QJsonArray{QStringLiteral("y")}},
            {QStringLiteral("where"),
             QJsonObject{{QStringLiteral("lat"), 1}, {QStringLiteral("lon"), 2}}},
            {QStringLiteral("double"), 6},
            {QStringLiteral("label"), QStringLiteral("n=6")},
            {QStringLiteral("rows"),
             QJsonArray{QJsonObject{{QStringLiteral("x"), 1.5},
                                    {QStringLiteral("nth"), 3},
                                    {QStringLiteral("cells"), QJsonArray{cell}}},
                        QJsonObject{{QStringLiteral("x"), 1.5},
                                    {QStringLiteral("nth"), 6},
                                    {QStringLiteral("cells"), QJsonArray{cell}}}}},
            {QStringLiteral("x_total"), 3},
            {QStringLiteral("is_big"), true},
        };
        QCOMPARE(record.values, expected);
        QCOMPARE(Validator(form, {{}, kNow}).validate(record), ValidationIssues());
    }

    void newInstances()
    {
        const FormDefinition form = load(kDefaultsForm);
        QCOMPARE(RecordFactory::newInstance(form, QStringLiteral("rows")),
                 (QJsonObject{{QStringLiteral("x"), 1.5},
                              {QStringLiteral("cells"),
                               QJsonArray{QJsonObject{{QStringLiteral("v"), 7}}}}}));
        QCOMPARE(RecordFactory::newInstance(form, QStringLiteral("rows.cells")),
                 (QJsonObject{{QStringLiteral("v"), 7}}));
        QCOMPARE(RecordFactory::newInstance(form, QStringLiteral("count")), QJsonObject());
        QCOMPARE(RecordFactory::newInstance(form, QStringLiteral("nope")), QJsonObject());
    }

    void calculationsFollowTheirDependencies()
    {
        // "label" is declared before "double" here: the order comes from dependencies.
        const FormDefinition form = load(R"J({"id": "c", "version": 1, "title": "C", "fields": [
            {"name": "label", "type": "calculate", "calculation": "concat(${double}, '!')"},
            {"name": "n", "type": "integer", "label": "N"},
            {"name": "double", "type": "calculate", "calculation": "${n} * 2"}]})J");
        const QJsonObject values = Calculator::apply(form, {{QStringLiteral("n"), 21}}, kNow);
        QCOMPARE(values.value(QStringLiteral("double")).toDouble(), 42.0);
        QCOMPARE(values.value(QStringLiteral("label")).toString(), QStringLiteral("42!"));
        // Recomputed when inputs change; removed when the result is empty.
        const QJsonObject cleared = Calculator::apply(form, with(values), kNow);
        QVERIFY(!cleared.contains(QStringLiteral("double"))); // NaN is not stored: unanswered
        QCOMPARE(cleared.value(QStringLiteral("label")).toString(), QStringLiteral("!"));
    }

    void fieldStates()
    {
        const FormDefinition form = test::validationForm();
        QJsonObject values = test::validValues();
        values.insert(QStringLiteral("age"), 16);
        values.insert(QStringLiteral("members"),
                      QJsonArray{QJsonObject{{QStringLiteral("mage"), 10}},
                                 QJsonObject{{QStringLiteral("mage"), 14}}});
        const QMap<QString, FieldState> states = FieldStates::compute(form, values, kNow);
        QCOMPARE(states.value(QStringLiteral("name")), (FieldState{true, true, false, false, {}}));
        QCOMPARE(states.value(QStringLiteral("job")), (FieldState{true, false, false, false, {}}));
        QCOMPARE(states.value(QStringLiteral("spouse")).relevant, false);
        QCOMPARE(states.value(QStringLiteral("g")).relevant, false);
        QCOMPARE(states.value(QStringLiteral("gchild")).relevant, false);
        QCOMPARE(states.value(QStringLiteral("members")).relevant, true);
        QCOMPARE(states.value(QStringLiteral("members[1].mpreg")).relevant, false);
        QCOMPARE(states.value(QStringLiteral("members[2].mpreg")),
                 (FieldState{true, true, false, false, {}}));
        QVERIFY(states.contains(QStringLiteral("members[2].visits")));
        QVERIFY(!states.contains(QStringLiteral("members[3].mname")));

        values.insert(QStringLiteral("age"), 40);
        values.insert(QStringLiteral("so"), QStringLiteral("y"));
        const QMap<QString, FieldState> adult = FieldStates::compute(form, values, kNow);
        QCOMPARE(adult.value(QStringLiteral("job")), (FieldState{true, true, false, false, {}}));
        QCOMPARE(adult.value(QStringLiteral("spouse")).relevant, true);
        QCOMPARE(adult.value(QStringLiteral("gchild")), (FieldState{true, true, false, false, {}}));
    }

    void readOnlyState()
    {
        const FormDefinition form = demoForm(QStringLiteral("facility_inspection"));
        QCOMPARE(FieldStates::compute(form, QJsonObject{}, kNow)
                     .value(QStringLiteral("inspector"))
                     .readOnly,
                 true);
        QCOMPARE(
            FieldStates::compute(
                form, QJsonObject{{QStringLiteral("facility_name"), QStringLiteral("X")}}, kNow)
                .value(QStringLiteral("inspector"))
                .readOnly,
            false);
    }

    void pruneNonRelevant()
    {
        const FormDefinition form = test::validationForm();
        QJsonObject values = test::validValues();
        values.insert(QStringLiteral("age"), 16);   // spouse no longer relevant
        values.insert(QStringLiteral("gchild"), 5); // group g not relevant (so unset)
        values.insert(QStringLiteral("members"),
                      QJsonArray{QJsonObject{{QStringLiteral("mname"), QStringLiteral("A")},
                                             {QStringLiteral("mage"), 10},
                                             {QStringLiteral("mpreg"), QStringLiteral("n")}},
                                 QJsonObject{{QStringLiteral("mname"), QStringLiteral("B")},
                                             {QStringLiteral("mage"), 14},
                                             {QStringLiteral("mpreg"), QStringLiteral("n")}}});
        const QJsonObject pruned = FieldStates::pruneNonRelevant(form, values, kNow);
        QVERIFY(!pruned.contains(QStringLiteral("spouse")));
        QVERIFY(!pruned.contains(QStringLiteral("gchild")));
        QCOMPARE(pruned.value(QStringLiteral("name")), values.value(QStringLiteral("name")));
        const QJsonArray members = pruned.value(QStringLiteral("members")).toArray();
        QCOMPARE(members.size(), 2);
        QVERIFY(!members.at(0).toObject().contains(QStringLiteral("mpreg")));
        QCOMPARE(members.at(1).toObject().value(QStringLiteral("mpreg")).toString(),
                 QStringLiteral("n"));
        // A non-relevant repeat goes as a whole.
        values.insert(QStringLiteral("age"), 99);
        QVERIFY(
            !FieldStates::pruneNonRelevant(form, values, kNow).contains(QStringLiteral("members")));
    }

    void contextReachesAcrossScopes()
    {
        const FormDefinition form = load(kDefaultsForm);
        const FormIndex index(form);
        QJsonObject values = RecordFactory::create(form, kNow).values;
        QJsonArray rows = values.value(QStringLiteral("rows")).toArray();
        QJsonObject second = rows.at(1).toObject();
        second.insert(QStringLiteral("x"), 4);
        second.insert(QStringLiteral("cells"), QJsonArray{QJsonObject{{QStringLiteral("v"), 1}},
                                                          QJsonObject{{QStringLiteral("v"), 2}}});
        rows.replace(1, second);
        values.insert(QStringLiteral("rows"), rows);

        RecordContext context(index, values, kNow);
        const auto eval = [&context](const char *source) {
            auto expression = Expression::parse(QString::fromUtf8(source));
            if (!expression)
                qFatal("%s", qPrintable(expression.error().message));
            return expression->evaluate(context)->toString();
        };
        // From the top.
        context.setCurrent(index.indexOfPath(QStringLiteral("x_total")), {});
        QCOMPARE(eval("sum(${x})"), QStringLiteral("5.5"));
        QCOMPARE(eval("count(${rows})"), QStringLiteral("2"));
        QCOMPARE(eval("count(${cells})"), QStringLiteral("3"));
        QCOMPARE(eval("sum(${v})"), QStringLiteral("10"));
        QCOMPARE(eval("join(',', ${v})"), QStringLiteral("7,1,2"));
        QCOMPARE(eval("position(..)"), QStringLiteral("0"));
        // From inside the second row: siblings are that row's, ${count} is the record's,
        // cells are that row's only.
        context.setCurrent(index.indexOfPath(QStringLiteral("rows.nth")), {1});
        QCOMPARE(eval("${x}"), QStringLiteral("4"));
        QCOMPARE(eval("${count}"), QStringLiteral("3"));
        QCOMPARE(eval("position(..)"), QStringLiteral("2"));
        QCOMPARE(eval("sum(${v})"), QStringLiteral("3"));
        QCOMPARE(eval("count(${rows})"), QStringLiteral("2"));
        QCOMPARE(eval("."), QStringLiteral("6"));
        // From inside a cell of the second row.
        context.setCurrent(index.indexOfPath(QStringLiteral("rows.cells.v")), {1, 1});
        QCOMPARE(eval(". + ${x} + ${count}"), QStringLiteral("9"));
        QCOMPARE(eval("position(..)"), QStringLiteral("2"));
    }

    void householdDemoEndToEnd()
    {
        const FormDefinition form = demoForm(QStringLiteral("household_health"));
        Record record = RecordFactory::create(form, kNow);
        // One empty member instance (min_count 1) and its position calculated.
        QCOMPARE(record.values.value(QStringLiteral("members")).toArray().size(), 1);
        QCOMPARE(record.values.value(QStringLiteral("member_count")).toDouble(), 1.0);

        ValidationOptions options{QStringLiteral("fr"), kNow};
        ValidationIssues issues = Validator(form, options).validate(record);
        QVERIFY(!issues.isEmpty()); // a fresh draft is not valid yet
        QVERIFY(!RecordLifecycle::finalize(form, record, options).ok());

        QJsonObject v = record.values;
        v.insert(QStringLiteral("interview_date"), QStringLiteral("2024-05-01"));
        v.insert(QStringLiteral("enumerator"), QStringLiteral("Grace"));
        v.insert(QStringLiteral("location"), QJsonObject{{QStringLiteral("lat"), -8.76},
                                                         {QStringLiteral("lon"), 31.1},
                                                         {QStringLiteral("accuracy"), 6}});
        v.insert(QStringLiteral("consent"), QStringLiteral("yes"));
        v.insert(QStringLiteral("head_name"), QStringLiteral("Joseph"));
        v.insert(QStringLiteral("household_size"), 1);
        v.insert(QStringLiteral("water_source"), QStringLiteral("other"));
        v.insert(QStringLiteral("treatments"),
                 QJsonArray{QStringLiteral("none"), QStringLiteral("boil")});
        v.insert(QStringLiteral("phone"), QStringLiteral("12-34"));
        v.insert(QStringLiteral("members"),
                 QJsonArray{QJsonObject{{QStringLiteral("member_name"), QStringLiteral("Joseph")},
                                        {QStringLiteral("sex"), QStringLiteral("male")},
                                        {QStringLiteral("age"), 40}},
                            QJsonObject{{QStringLiteral("member_name"), QStringLiteral("Ruth")},
                                        {QStringLiteral("sex"), QStringLiteral("female")},
                                        {QStringLiteral("age"), 30}},
                            QJsonObject{{QStringLiteral("member_name"), QStringLiteral("Tim")},
                                        {QStringLiteral("sex"), QStringLiteral("male")},
                                        {QStringLiteral("age"), 3}}});
        record.values = Calculator::apply(form, v, kNow);
        QCOMPARE(record.values.value(QStringLiteral("member_count")).toDouble(), 3.0);
        QCOMPARE(record.values.value(QStringLiteral("members"))
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("member_number"))
                     .toDouble(),
                 3.0);
        issues = Validator(form, options).validate(record);
        QStringList found;
        for (const ValidationIssue &issue : issues)
            found.append(issue.path + QLatin1Char(':') + issue.code + QLatin1Char(':') +
                         issue.message);
        QCOMPARE(
            found,
            (QStringList{
                QStringLiteral("household_size:constraint:Entre 1 et 30, et au moins le nombre de "
                               "membres listés."),
                QStringLiteral("water_other:required:This field is required."),
                QStringLiteral(
                    "treatments:constraint:« Aucun » ne peut pas être combiné avec un traitement."),
                QStringLiteral("phone:constraint:8 à 15 chiffres, éventuellement précédés de +."),
                QStringLiteral("members[2].pregnant:required:This field is required."),
            }));

        v = record.values;
        v.insert(QStringLiteral("household_size"), 3);
        v.insert(QStringLiteral("water_other"), QStringLiteral("Rain tank"));
        v.insert(QStringLiteral("treatments"), QJsonArray{QStringLiteral("boil")});
        v.insert(QStringLiteral("phone"), QStringLiteral("+260971234567"));
        QJsonArray members = v.value(QStringLiteral("members")).toArray();
        QJsonObject ruth = members.at(1).toObject();
        ruth.insert(QStringLiteral("pregnant"), QStringLiteral("no"));
        members.replace(1, ruth);
        v.insert(QStringLiteral("members"), members);
        record.values = v;
        auto finalized = RecordLifecycle::finalize(form, record, options);
        QVERIFY2(finalized.ok(),
                 qPrintable(finalized.ok() ? QString() : finalized.error().message));

        // Without consent, everything about the household is skipped.
        Record refusal = RecordFactory::create(form, kNow);
        refusal.values.insert(QStringLiteral("interview_date"), QStringLiteral("2024-05-01"));
        refusal.values.insert(QStringLiteral("enumerator"), QStringLiteral("Grace"));
        refusal.values.insert(QStringLiteral("location"),
                              QJsonObject{{QStringLiteral("lat"), 0}, {QStringLiteral("lon"), 0}});
        refusal.values.insert(QStringLiteral("consent"), QStringLiteral("no"));
        QCOMPARE(Validator(form, options).validate(refusal), ValidationIssues());
        // A future interview date breaks the constraint.
        refusal.values.insert(QStringLiteral("interview_date"), QStringLiteral("2024-05-02"));
        QCOMPARE(Validator(form, options).validate(refusal).size(), 1);
    }

    void agricultureDemoNestedRepeats()
    {
        const FormDefinition form = demoForm(QStringLiteral("agriculture_plot"));
        Record record = RecordFactory::create(form, kNow);
        QJsonObject v = record.values;
        v.insert(QStringLiteral("farmer_name"), QStringLiteral("Mary"));
        v.insert(QStringLiteral("village"), QStringLiteral("mbala"));
        v.insert(QStringLiteral("visit_date"), QStringLiteral("2024-04-20"));
        const auto crop = [](const char *name, double area) {
            return QJsonObject{{QStringLiteral("crop"), QString::fromUtf8(name)},
                               {QStringLiteral("crop_area"), area}};
        };
        v.insert(
            QStringLiteral("plots"),
            QJsonArray{QJsonObject{{QStringLiteral("plot_name"), QStringLiteral("North")},
                                   {QStringLiteral("tenure"), QStringLiteral("owned")},
                                   {QStringLiteral("plot_area"), 2.5},
                                   {QStringLiteral("crops"),
                                    QJsonArray{crop("maize", 1.5), crop("beans", 1)}}},
                       QJsonObject{{QStringLiteral("plot_name"), QStringLiteral("River")},
                                   {QStringLiteral("tenure"), QStringLiteral("rented")},
                                   {QStringLiteral("plot_area"), 1},
                                   {QStringLiteral("crops"), QJsonArray{crop("cassava", 1.5)}}}});
        record.values = Calculator::apply(form, v, kNow);
        QCOMPARE(record.values.value(QStringLiteral("total_area")).toDouble(), 3.5);
        QCOMPARE(record.values.value(QStringLiteral("plot_count")).toDouble(), 2.0);
        const QJsonArray plots = record.values.value(QStringLiteral("plots")).toArray();
        QCOMPARE(plots.at(0).toObject().value(QStringLiteral("crop_area_total")).toDouble(), 2.5);
        QCOMPARE(plots.at(1).toObject().value(QStringLiteral("crop_area_total")).toDouble(), 1.5);
        const ValidationIssues issues = Validator(form, {{}, kNow}).validate(record);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().path, QStringLiteral("plots[2].crops[1].crop_area"));
        QCOMPARE(issues.first().code, QStringLiteral("constraint"));
        // The note about the area shows on the second plot only.
        const auto states = FieldStates::compute(form, record, kNow);
        QCOMPARE(states.value(QStringLiteral("plots[1].area_check")).relevant, false);
        QCOMPARE(states.value(QStringLiteral("plots[2].area_check")).relevant, true);
    }

private:
    static QJsonObject with(QJsonObject values)
    {
        values.remove(QStringLiteral("n"));
        return values;
    }
};

QTEST_GUILESS_MAIN(TestRecordHelpers)
#include "tst_recordhelpers.moc"
