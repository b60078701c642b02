// repeat_count expressions, dynamic defaults, choice filters and the functions XLSForms use
// with them (indexed-repeat, once, uuid): the JSON format, record creation, repeats following
// their count, validation and field states.
#include <QtTest>

#include "calculator.h"
#include "dynamicform.h"
#include "fieldstates.h"
#include "formdefinition.h"
#include "recordfactory.h"
#include "repeatcounts.h"
#include "validator.h"

using namespace outpost;

namespace {

// 09:30 at UTC+2: today() is 2024-05-01 in the device's zone.
const QDateTime kNow(QDate(2024, 5, 1), QTime(9, 30), Qt::OffsetFromUTC, 7200);

QJsonArray array(const QJsonObject &values, const char *name)
{
    return values.value(QLatin1String(name)).toArray();
}

QJsonObject instance(const QJsonObject &values, const char *repeat, int i)
{
    return array(values, repeat).at(i).toObject();
}

// Sets members[i].name for each name given.
QJsonObject withNames(QJsonObject values, const QStringList &names)
{
    QJsonArray members = array(values, "members");
    for (int i = 0; i < names.size() && i < members.size(); ++i) {
        QJsonObject member = members.at(i).toObject();
        member.insert(QStringLiteral("name"), names.at(i));
        members.replace(i, member);
    }
    values.insert(QStringLiteral("members"), members);
    return values;
}

} // namespace

class TestDynamicForms : public QObject
{
    Q_OBJECT

    FormDefinition m_form;

    QStringList issues(const QJsonObject &values) const
    {
        QStringList out;
        for (const ValidationIssue &issue : Validator(m_form, {{}, kNow}).validateValues(values))
            out.append(issue.path + u' ' + issue.code);
        out.sort();
        return out;
    }

    QJsonObject follow(const QJsonObject &values, InstanceStash *stash = nullptr) const
    {
        return Calculator::apply(m_form, RepeatCounts::follow(m_form, values, kNow, stash), kNow);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto form = FormDefinition::fromJson(test::dynamicFormJson());
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        m_form = *form;
    }

    void roundTrip()
    {
        const QJsonObject json = m_form.toJson();
        auto again = FormDefinition::fromJson(json);
        QVERIFY(again.ok());
        QCOMPARE(*again, m_form);
        const FieldDefinition *members = m_form.field(QStringLiteral("members"));
        QCOMPARE(members->repeatCount.source(), QStringLiteral("${n}"));
        QCOMPARE(members->toJson().value(QStringLiteral("repeat_count")).toString(),
                 QStringLiteral("${n}"));
        QVERIFY(!members->toJson().contains(QStringLiteral("min_count")));
        QCOMPARE(m_form.field(QStringLiteral("visit_day"))
                     ->toJson()
                     .value(QStringLiteral("default_expression"))
                     .toString(),
                 QStringLiteral("today()"));
        QCOMPARE(m_form.field(QStringLiteral("best"))->toJson().value("choice_filter").toString(),
                 QStringLiteral("selected(${liked}, .)"));
        // A static default that looks like an expression stays a static text.
        QCOMPARE(m_form.field(QStringLiteral("fixed"))->defaultValue,
                 QJsonValue(QStringLiteral("today()")));
        QVERIFY(!m_form.field(QStringLiteral("fixed"))->hasDynamicDefault());
    }

    void createEvaluatesDynamicDefaultsOnce()
    {
        const Record record = RecordFactory::create(m_form, kNow);
        const QJsonObject &v = record.values;
        QCOMPARE(v.value("visit_day"), QJsonValue("2024-05-01"));
        QCOMPARE(v.value("stamp"), QJsonValue("2024-05-01T09:30:00.000+02:00"));
        QCOMPARE(v.value("n"), QJsonValue(2));
        QCOMPARE(v.value("n_plus"), QJsonValue(3));
        QCOMPARE(v.value("code"), QJsonValue("HH-2"));
        QCOMPARE(v.value("fixed"), QJsonValue("today()"));
        QCOMPARE(record.createdAt, kNow.toUTC());
        // repeat_count ${n} = 2: two members numbered by their dynamic default.
        QCOMPARE(array(v, "members").size(), 2);
        QCOMPARE(instance(v, "members", 0).value("number"), QJsonValue(1));
        QCOMPARE(instance(v, "members", 1).value("number"), QJsonValue(2));
        QVERIFY(!v.contains("tasks")); // count-selected of nothing: 0
        QCOMPARE(v.value("token").toString().size(), 36);
        QVERIFY(RecordFactory::create(m_form, kNow).values.value("token") != v.value("token"));
        QCOMPARE(issues(v), QStringList());

        // Once: later changes to n do not redo the defaults; once(uuid()) keeps its value.
        QJsonObject later = v;
        later.insert("n", 5);
        later = follow(later);
        QCOMPARE(later.value("n_plus"), QJsonValue(3));
        QCOMPARE(later.value("code"), QJsonValue("HH-2"));
        QCOMPARE(later.value("token"), v.value("token"));
    }

    void defaultsUseMetadata()
    {
        auto form = FormDefinition::fromJson(QByteArray(R"J({"id": "m", "version": 1, "title": "M",
            "fields": [{"name": "who", "type": "text", "metadata": "username"},
                       {"name": "by", "type": "text", "label": "By", "default_expression": "concat('by ', ${who})"}]})J"));
        QVERIFY(form.ok());
        const Record record = RecordFactory::create(
            *form, kNow, QUuid::createUuid(),
            MetadataContext{kNow, QStringLiteral("dev"), QStringLiteral("ruth")});
        QCOMPARE(record.values.value("who"), QJsonValue("ruth"));
        QCOMPARE(record.values.value("by"), QJsonValue("by ruth"));
    }

    void conversionsToFieldTypes()
    {
        auto form = FormDefinition::fromJson(QByteArray(R"J({"id": "c", "version": 1, "title": "C",
            "choices": {"l": [{"name": "a", "label": "A"}, {"name": "b", "label": "B"}]},
            "fields": [
              {"name": "i", "type": "integer", "label": "I", "default_expression": "7 div 2"},
              {"name": "d", "type": "decimal", "label": "D", "default_expression": "7 div 2"},
              {"name": "dt", "type": "datetime", "label": "DT", "default_expression": "today()"},
              {"name": "t", "type": "time", "label": "T", "default_expression": "now()"},
              {"name": "date_from_now", "type": "date", "label": "D2", "default_expression": "now()"},
              {"name": "s1", "type": "select_one", "choices": "l", "label": "S", "default_expression": "'b'"},
              {"name": "s1_bad", "type": "select_one", "choices": "l", "label": "S", "default_expression": "'z'"},
              {"name": "sm", "type": "select_multiple", "choices": "l", "label": "S", "default_expression": "'a b a'"},
              {"name": "g", "type": "geopoint", "label": "G", "default_expression": "'1.5 2.5 10'"},
              {"name": "nan", "type": "integer", "label": "N", "default_expression": "0 div 0"},
              {"name": "empty", "type": "text", "label": "E", "default_expression": "''"}]})J"));
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        const QJsonObject v = RecordFactory::create(*form, kNow).values;
        QCOMPARE(v.value("i"), QJsonValue(3)); // truncated toward zero
        QCOMPARE(v.value("d"), QJsonValue(3.5));
        QCOMPARE(v.value("dt"), QJsonValue("2024-05-01T00:00:00.000+02:00"));
        QCOMPARE(v.value("t"), QJsonValue("09:30:00.000+02:00"));
        QCOMPARE(v.value("date_from_now"), QJsonValue("2024-05-01"));
        QCOMPARE(v.value("s1"), QJsonValue("b"));
        QVERIFY(!v.contains("s1_bad")); // not in the list: left unanswered
        QCOMPARE(v.value("sm"), QJsonValue(QJsonArray{"a", "b"}));
        QCOMPARE(v.value("g"),
                 QJsonValue(QJsonObject{{"lat", 1.5}, {"lon", 2.5}, {"altitude", 10}}));
        QVERIFY(!v.contains("nan"));
        QVERIFY(!v.contains("empty"));
        QCOMPARE(Validator(*form, {{}, kNow}).validateValues(v), ValidationIssues());
    }

    void repeatsFollowTheirCount()
    {
        QJsonObject v =
            follow(withNames(RecordFactory::create(m_form, kNow).values, {"Amina", "Otieno"}));
        QCOMPARE(instance(v, "members", 1).value("prev"), QJsonValue("Amina"));
        QCOMPARE(v.value("first_name"), QJsonValue("Amina"));

        InstanceStash stash;
        v.insert("n", 4);
        v = follow(v, &stash);
        QCOMPARE(array(v, "members").size(), 4);
        QCOMPARE(instance(v, "members", 3).value("number"), QJsonValue(4)); // position(..)
        QCOMPARE(instance(v, "members", 2).value("prev"), QJsonValue("Otieno"));
        QCOMPARE(issues(v), QStringList());

        // Down to 1: the others go into the stash, and come back when the count goes up.
        v.insert("n", 1);
        v = follow(v, &stash);
        QCOMPARE(array(v, "members").size(), 1);
        QCOMPARE(stash.value("members").size(), 3);
        QCOMPARE(stash.value("members").at(0).value("name"), QJsonValue("Otieno"));
        v.insert("n", 3);
        v = follow(v, &stash);
        QCOMPARE(array(v, "members").size(), 3);
        QCOMPARE(instance(v, "members", 1).value("name"), QJsonValue("Otieno"));
        QCOMPARE(stash.value("members").size(), 1);
        // Without a stash, new instances are new.
        QJsonObject fresh = v;
        fresh.insert("n", 1);
        fresh = follow(fresh);
        fresh.insert("n", 2);
        fresh = follow(fresh);
        QVERIFY(!instance(fresh, "members", 1).contains("name"));

        // 0, empty, negative: no instance (the member goes away).
        for (const QJsonValue &n :
             {QJsonValue(0), QJsonValue(QJsonValue::Undefined), QJsonValue(-3)}) {
            QJsonObject none = v;
            if (n.isUndefined())
                none.remove("n");
            else
                none.insert("n", n);
            none = follow(none);
            QVERIFY(!none.contains("members"));
        }

        // count-selected(): one task per liked fruit; not relevant (n = 0): left alone.
        v.insert("liked", QJsonArray{"apple", "mango"});
        v = follow(v);
        QCOMPARE(array(v, "tasks").size(), 2);
        v.insert("n", 0);
        v.insert("liked", QJsonArray{"apple"});
        v = follow(v);
        QCOMPARE(array(v, "tasks").size(), 2);
        QVERIFY(!v.contains("members"));
        // A bounded follow (the app's) stops at its maximum.
        v.insert("n", 50);
        QCOMPARE(array(RepeatCounts::follow(m_form, v, kNow, nullptr, 7), "members").size(), 7);
    }

    void nestedRepeatsAndIndexedRepeat()
    {
        QJsonObject v = RecordFactory::create(m_form, kNow).values;
        auto added = RecordFactory::addInstance(m_form, v, QStringLiteral("plots"), kNow);
        QVERIFY(added.ok());
        v = follow(*added);
        added = RecordFactory::addInstance(m_form, v, QStringLiteral("plots"), kNow);
        QVERIFY(added.ok());
        v = follow(*added);
        QCOMPARE(array(v, "plots").size(), 2);
        QCOMPARE(instance(v, "plots", 0).value("plot_no"), QJsonValue(10));
        QCOMPARE(instance(v, "plots", 1).value("plot_no"), QJsonValue(20));
        const QJsonArray crops = instance(v, "plots", 1).value("crops").toArray();
        QCOMPARE(crops.size(), 1); // n_crops default 1
        QCOMPARE(crops.at(0).toObject().value("crop"), QJsonValue("crop 20.1"));

        // Two crops in the first plot: indexed-repeat(${crop}, ${plots}, 1, ${crops}, 2).
        QJsonArray plots = array(v, "plots");
        QJsonObject first = plots.at(0).toObject();
        first.insert("n_crops", 2);
        plots.replace(0, first);
        v.insert("plots", plots);
        v = follow(v);
        QCOMPARE(instance(v, "plots", 0).value("crops").toArray().size(), 2);
        QCOMPARE(v.value("second_crop"), QJsonValue("crop 10.2"));
        QCOMPARE(issues(v), QStringList());

        // addInstance inside an instance, and paths that do not exist.
        auto crop = RecordFactory::addInstance(m_form, v, QStringLiteral("plots[2].crops"), kNow);
        QVERIFY(crop.ok());
        QCOMPARE(instance(*crop, "plots", 1).value("crops").toArray().size(), 2);
        QCOMPARE(issues(*crop), QStringList{"plots[2].crops count"}); // the count says 1
        for (const char *path : {"nope", "plots[3].crops", "plots.crops", "visit_day", "plots[x]"})
            QCOMPARE(RecordFactory::addInstance(m_form, v, QLatin1String(path), kNow).error().code,
                     QStringLiteral("not_found"));
    }

    void validationFollowsTheCount_data()
    {
        QTest::addColumn<QJsonObject>("changes");
        QTest::addColumn<QStringList>("expected");
        const QJsonObject member{{"number", 1}, {"name", "A"}};
        QTest::newRow("as many as n") << QJsonObject{{"n", 2}} << QStringList{};
        QTest::newRow("one too many") << QJsonObject{{"n", 1}} << QStringList{"members count"};
        QTest::newRow("one too few") << QJsonObject{{"n", 3}} << QStringList{"members count"};
        QTest::newRow("n empty means none")
            << QJsonObject{{"n", QJsonValue()}, {"members", QJsonValue()}} << QStringList{};
        QTest::newRow("n empty, instances left")
            << QJsonObject{{"n", QJsonValue()}} << QStringList{"members count"};
        QTest::newRow("negative n means none")
            << QJsonObject{{"n", -2}, {"members", QJsonArray{}}} << QStringList{};
        QTest::newRow("count-selected")
            << QJsonObject{{"liked", QJsonArray{"kiwi"}}, {"tasks", QJsonArray{QJsonObject{}}}}
            << QStringList{};
        QTest::newRow("count-selected, missing task")
            << QJsonObject{{"liked", QJsonArray{"kiwi", "mango"}},
                           {"tasks", QJsonArray{QJsonObject{}}}}
            << QStringList{"tasks count"};
        QTest::newRow("not relevant: not counted")
            << QJsonObject{{"n", 0}, {"members", QJsonValue()}, {"liked", QJsonArray{"kiwi"}}}
            << QStringList{};
        QTest::newRow("count above the limit")
            << QJsonObject{{"n", 20000}} << QStringList{"members count"};
        // Choice filters: best among the liked, also among the others.
        QTest::newRow("best is liked")
            << QJsonObject{{"liked", QJsonArray{"apple", "kiwi"}},
                           {"best", "kiwi"},
                           {"tasks", QJsonArray{QJsonObject{}, QJsonObject{}}}}
            << QStringList{};
        QTest::newRow("best not liked") << QJsonObject{{"liked", QJsonArray{"apple"}},
                                                       {"best", "kiwi"},
                                                       {"tasks", QJsonArray{QJsonObject{}}}}
                                        << QStringList{"best constraint"};
        QTest::newRow("best unknown")
            << QJsonObject{{"best", "plum"}} << QStringList{"best choice"};
        QTest::newRow("also among the others")
            << QJsonObject{{"liked", QJsonArray{"apple"}},
                           {"also", QJsonArray{"banana", "kiwi"}},
                           {"tasks", QJsonArray{QJsonObject{}}}}
            << QStringList{};
        QTest::newRow("also repeats a liked one")
            << QJsonObject{{"liked", QJsonArray{"apple"}},
                           {"also", QJsonArray{"banana", "apple"}},
                           {"tasks", QJsonArray{QJsonObject{}}}}
            << QStringList{"also constraint"};
    }

    void validationFollowsTheCount()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(QStringList, expected);
        QJsonObject values = RecordFactory::create(m_form, kNow).values;
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull())
                values.remove(it.key());
            else
                values.insert(it.key(), it.value());
        }
        QCOMPARE(issues(values), expected);
    }

    void messages()
    {
        QJsonObject values = RecordFactory::create(m_form, kNow).values;
        values.insert("n", 3);
        values.insert("liked", QJsonArray{"apple"});
        values.insert("tasks", QJsonArray{QJsonObject{}});
        values.insert("best", "kiwi");
        QStringList messages;
        for (const ValidationIssue &issue : Validator(m_form, {{}, kNow}).validateValues(values))
            messages.append(issue.message);
        QCOMPARE(messages, (QStringList{"\"kiwi\" is not among the choices offered for the other "
                                        "answers.",
                                        "Exactly 3 entries are needed (2 given)."}));
    }

    void fieldStatesOfferFilteredChoices()
    {
        QJsonObject values = RecordFactory::create(m_form, kNow).values;
        values.insert("liked", QJsonArray{"banana", "kiwi"});
        const auto states = FieldStates::compute(m_form, values, kNow);
        QVERIFY(states.value("best").filtered);
        QCOMPARE(states.value("best").choices, (QStringList{"banana", "kiwi"}));
        QCOMPARE(states.value("also").choices, (QStringList{"apple", "mango"}));
        QVERIFY(!states.value("liked").filtered);
        QVERIFY(states.value("liked").choices.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDynamicForms)
#include "tst_dynamicforms.moc"
