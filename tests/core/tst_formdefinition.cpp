// Form definitions: the demo forms load and round-trip; every kind of bad definition is
// rejected with a message naming the field and the problem.
#include <QtTest>

#include "formdefinition.h"
#include "formindex.h"
#include "formlimits.h"
#include "validator.h"

using namespace outpost;

namespace {

// A minimal valid form; `fields` and `top` (extra or replaced top-level members) vary.
QByteArray formJson(const QString &fields, const QString &top = QString())
{
    const QString json = QStringLiteral(R"J({"id": "t", "version": 1, "title": "T",
        "choices": {"yn": [{"name": "y", "label": "Y"}, {"name": "n", "label": "N"}]},
        "fields": %1 %2})J")
                             .arg(fields, top.isEmpty() ? QString() : QStringLiteral(", ") + top);
    // Later duplicate keys win in QJsonDocument, so `top` may replace members.
    return json.toUtf8();
}

const char *kText = R"J({"name": "a", "type": "text", "label": "A"})J";

} // namespace

class TestFormDefinition : public QObject
{
    Q_OBJECT

private:
    static void bad(const char *name, const QString &fields, const QString &top,
                    const char *messagePart)
    {
        QTest::newRow(name) << formJson(fields, top) << QString::fromUtf8(messagePart);
    }
    static void badField(const char *name, const char *field, const char *messagePart)
    {
        bad(name, QStringLiteral("[%1]").arg(QString::fromUtf8(field)), QString(), messagePart);
    }
    static void badFields(const char *name, const char *fields, const char *messagePart)
    {
        bad(name, QString::fromUtf8(fields), QString(), messagePart);
    }
    static void badTop(const char *name, const char *top, const char *messagePart)
    {
        bad(name, QStringLiteral("[%1]").arg(QString::fromUtf8(kText)), QString::fromUtf8(top),
            messagePart);
    }

private Q_SLOTS:
    void minimalFormLoads()
    {
        auto form = FormDefinition::fromJson(formJson(QStringLiteral("[%1]").arg(kText)));
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        QCOMPARE(form->id, QStringLiteral("t"));
        QCOMPARE(form->policy, ConflictPolicy::LastWriteWins);
        QCOMPARE(form->fields.size(), 1);
        QCOMPARE(form->fields.first().type, FieldType::Text);
    }

    void rejectsBadDefinitions_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("messagePart");
        // The document and the form's own members.
        QTest::newRow("not json") << QByteArray("{\"id\": ") << QStringLiteral("not valid JSON");
        QTest::newRow("not an object")
            << QByteArray("[1, 2]") << QStringLiteral("must be a JSON object");
        badTop("unknown top property", R"J("owner": "me")J", "form: unknown property \"owner\"");
        badTop("id missing", R"J("id": null)J", "form: \"id\" must be a string");
        badTop("id with space", R"J("id": "my form")J", "form: id \"my form\" must be");
        badTop("id empty", R"J("id": "")J", "form: id \"\" must be");
        badTop("version zero", R"J("version": 0)J", "\"version\" must be a whole number from 1");
        badTop("version string", R"J("version": "2")J", "\"version\" must be a whole number");
        badTop("version fraction", R"J("version": 1.5)J", "\"version\" must be a whole number");
        badTop("title empty", R"J("title": "")J", "form: missing \"title\"");
        badTop("title number", R"J("title": 5)J", "form: \"title\" must be a string or an object");
        badTop("title empty object", R"J("title": {})J", "\"title\" has no translations");
        badTop("policy unknown", R"J("policy": "first-wins")J", "unknown policy \"first-wins\"");
        badTop("policy not string", R"J("policy": true)J", "\"policy\" must be a string");
        badTop("languages not array", R"J("languages": "en")J", "\"languages\" must be an array");
        badTop("language not string", R"J("languages": [1], "default_language": "en")J",
               "\"languages\" must be an array of strings");
        badTop("default language missing", R"J("languages": ["en", "fr"])J",
               "default_language \"\" must be one of the languages (en, fr)");
        badTop("default language unknown", R"J("languages": ["en"], "default_language": "de")J",
               "default_language \"de\" must be one of the languages");
        badTop("default language alone", R"J("default_language": "en")J",
               "default_language \"en\" is given but \"languages\" is empty");
        badTop("language twice", R"J("languages": ["en", "en"], "default_language": "en")J",
               "language \"en\" is listed twice");
        badTop("title in undeclared language", R"J("title": {"en": "T"})J",
               "form: title has a text in language \"en\"");
        bad("fields missing", QStringLiteral("null"), QString(), "\"fields\" must be an array");
        bad("fields empty", QStringLiteral("[]"), QString(), "form: has no fields");
        // Choice lists.
        badTop("choices not object", R"J("choices": [])J", "\"choices\" must be an object");
        badTop("choice list not array", R"J("choices": {"yn": {}})J",
               "choice list \"yn\": must be an array");
        badTop("choice list empty", R"J("choices": {"yn": []})J",
               "choice list \"yn\": has no choices");
        badTop("choice list bad name", R"J("choices": {"1yn": [{"name": "y", "label": "Y"}]})J",
               "choice list \"1yn\": the name must be an identifier");
        badTop("choice not object", R"J("choices": {"yn": ["y"]})J",
               "choice list \"yn\", choice 1: must be an object");
        badTop("choice name missing", R"J("choices": {"yn": [{"label": "Y"}]})J",
               "choice list \"yn\", choice 1: \"name\" must be a string");
        badTop("choice name with space", R"J("choices": {"yn": [{"name": "a b", "label": "Y"}]})J",
               "choice name \"a b\" must be 1 to 256 characters without spaces");
        badTop("choice name empty", R"J("choices": {"yn": [{"name": "", "label": "Y"}]})J",
               "choice name \"\" must be");
        badTop("choice twice",
               R"J("choices": {"yn": [{"name": "y", "label": "Y"}, {"name": "y", "label": "Z"}]})J",
               "choice list \"yn\": choice \"y\" is listed twice");
        badTop("choice without label", R"J("choices": {"yn": [{"name": "y"}]})J",
               "choice list \"yn\": choice \"y\" has no label");
        badTop("choice unknown property",
               R"J("choices": {"yn": [{"name": "y", "label": "Y", "image": "y.png"}]})J",
               "choice list \"yn\", choice 1: unknown property \"image\"");
        badTop("choice label bad language",
               R"J("choices": {"yn": [{"name": "y", "label": {"sw": "Ndiyo"}}]})J",
               "choice list \"yn\": choice \"y\" has a text in language \"sw\"");
        // Field shape.
        badField("field not object", R"J("a")J", "field 1: must be an object");
        badField("name missing", R"J({"type": "text", "label": "A"})J",
                 "field 1: missing \"name\"");
        badField("name not string", R"J({"name": 3, "type": "text", "label": "A"})J",
                 "field 1: missing \"name\"");
        badField("name starts with digit", R"J({"name": "1a", "type": "text", "label": "A"})J",
                 "field \"1a\": the name must be an identifier");
        badField("name with dot", R"J({"name": "a.b", "type": "text", "label": "A"})J",
                 "field \"a.b\": the name must be an identifier");
        badField("name with space", R"J({"name": "a b", "type": "text", "label": "A"})J",
                 "the name must be an identifier");
        badField("type missing", R"J({"name": "a", "label": "A"})J",
                 "field \"a\": missing \"type\"");
        badField("type unknown", R"J({"name": "a", "type": "string", "label": "A"})J",
                 "field \"a\": unknown field type \"string\"");
        badField("type not string", R"J({"name": "a", "type": 1, "label": "A"})J",
                 "field \"a\": \"type\" must be a string, not a number");
        badField("unknown property", R"J({"name": "a", "type": "text", "lable": "A"})J",
                 "field \"a\": unknown property \"lable\"");
        badField("label missing", R"J({"name": "a", "type": "text"})J",
                 "field \"a\": missing label");
        badField("label wrong type", R"J({"name": "a", "type": "text", "label": ["A"]})J",
                 "field \"a\": \"label\" must be a string or an object");
        badField("label translation not string",
                 R"J({"name": "a", "type": "text", "label": {"en": 1}})J",
                 "the text for language \"en\" is not a string");
        badField("hint bad language",
                 R"J({"name": "a", "type": "text", "label": "A", "hint": {"fr": "x"}})J",
                 "field \"a\": hint has a text in language \"fr\"");
        badFields("duplicate name", R"J([{"name": "a", "type": "text", "label": "A"},
                                        {"name": "a", "type": "integer", "label": "B"}])J",
                  "field \"a\": duplicate name \"a\" in the same scope");
        badFields("duplicate through group",
                  R"J([{"name": "a", "type": "text", "label": "A"},
                      {"name": "g", "type": "group", "label": "G",
                       "fields": [{"name": "a", "type": "text", "label": "A"}]}])J",
                  "field \"a\": duplicate name \"a\"");
        badFields("duplicate inside repeat",
                  R"J([{"name": "r", "type": "repeat", "label": "R",
                       "fields": [{"name": "x", "type": "text", "label": "X"},
                                  {"name": "x", "type": "text", "label": "X"}]}])J",
                  "field \"r.x\": duplicate name \"x\"");
        // What each type allows.
        badField("select without choices", R"J({"name": "a", "type": "select_one", "label": "A"})J",
                 "field \"a\": a select_one field needs \"choices\"");
        badField("select unknown list",
                 R"J({"name": "a", "type": "select_multiple", "label": "A", "choices": "nope"})J",
                 "field \"a\": choice list \"nope\" does not exist");
        badField("choices on text",
                 R"J({"name": "a", "type": "text", "label": "A", "choices": "yn"})J",
                 "field \"a\": \"choices\" is not allowed on a text field");
        badField("group without fields", R"J({"name": "g", "type": "group", "label": "G"})J",
                 "field \"g\": a group needs at least one field");
        badField("repeat without fields",
                 R"J({"name": "r", "type": "repeat", "label": "R", "fields": []})J",
                 "field \"r\": a repeat needs at least one field");
        badField(
            "fields on text",
            R"J({"name": "a", "type": "text", "label": "A", "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "field \"a\": \"fields\" is not allowed on a text field");
        badField("fields not array",
                 R"J({"name": "g", "type": "group", "label": "G", "fields": {}})J",
                 "field \"g\": \"fields\" must be an array");
        badField("min_count on text",
                 R"J({"name": "a", "type": "text", "label": "A", "min_count": 1})J",
                 "field \"a\": \"min_count\" is not allowed on a text field");
        badField(
            "max_count on group",
            R"J({"name": "g", "type": "group", "label": "G", "max_count": 1, "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "\"max_count\" is not allowed on a group field");
        badField(
            "min above max",
            R"J({"name": "r", "type": "repeat", "label": "R", "min_count": 3, "max_count": 2, "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "field \"r\": min_count 3 is greater than max_count 2");
        badField(
            "max_count negative",
            R"J({"name": "r", "type": "repeat", "label": "R", "max_count": -1, "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "field \"r\": \"max_count\" must be a whole number from 0 to 10000");
        badField(
            "max_count huge",
            R"J({"name": "r", "type": "repeat", "label": "R", "max_count": 1e9, "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "\"max_count\" must be a whole number from 0 to 10000");
        badField("calculate without calculation", R"J({"name": "c", "type": "calculate"})J",
                 "field \"c\": a calculate field needs a \"calculation\"");
        badField("calculation on text",
                 R"J({"name": "a", "type": "text", "label": "A", "calculation": "1"})J",
                 "field \"a\": \"calculation\" is not allowed on a text field");
        badField("required on note",
                 R"J({"name": "n", "type": "note", "label": "N", "required": true})J",
                 "field \"n\": \"required\" is not allowed on a note field");
        badField(
            "required on repeat",
            R"J({"name": "r", "type": "repeat", "label": "R", "required": true, "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "\"required\" is not allowed on a repeat field");
        badField(
            "constraint on group",
            R"J({"name": "g", "type": "group", "label": "G", "constraint": "1", "fields": [{"name": "b", "type": "text", "label": "B"}]})J",
            "\"constraint\" is not allowed on a group field");
        badField("read_only on calculate",
                 R"J({"name": "c", "type": "calculate", "calculation": "1", "read_only": true})J",
                 "\"read_only\" is not allowed on a calculate field");
        badField(
            "required wrong type",
            R"J({"name": "a", "type": "text", "label": "A", "required": 1})J",
            "field \"a\": \"required\" must be a boolean or an expression string, not a number");
        badField("relevant wrong type",
                 R"J({"name": "a", "type": "text", "label": "A", "relevant": true})J",
                 "field \"a\": \"relevant\" must be an expression string, not a boolean");
        // Defaults.
        badField("default integer as string",
                 R"J({"name": "a", "type": "integer", "label": "A", "default": "3"})J",
                 "field \"a\": default is not a valid integer value: expected a number, got \"3\"");
        badField("default integer fraction",
                 R"J({"name": "a", "type": "integer", "label": "A", "default": 3.5})J",
                 "default is not a valid integer value: expected a whole number, got 3.5");
        badField("default decimal text",
                 R"J({"name": "a", "type": "decimal", "label": "A", "default": "x"})J",
                 "default is not a valid decimal value");
        badField("default text number",
                 R"J({"name": "a", "type": "text", "label": "A", "default": 5})J",
                 "default is not a valid text value: expected text, got 5");
        badField("default date invalid",
                 R"J({"name": "a", "type": "date", "label": "A", "default": "2024-02-30"})J",
                 "default is not a valid date value: expected a date YYYY-MM-DD");
        badField(
            "default datetime without offset",
            R"J({"name": "a", "type": "datetime", "label": "A", "default": "2024-02-01T10:00:00"})J",
            "default is not a valid datetime value");
        badField("default time invalid",
                 R"J({"name": "a", "type": "time", "label": "A", "default": "25:00"})J",
                 "default is not a valid time value");
        badField(
            "default select_one unknown",
            R"J({"name": "a", "type": "select_one", "label": "A", "choices": "yn", "default": "maybe"})J",
            "field \"a\": default is not a valid select_one value: \"maybe\" is not one of the "
            "choices");
        badField(
            "default select_multiple string",
            R"J({"name": "a", "type": "select_multiple", "label": "A", "choices": "yn", "default": "y n"})J",
            "default is not a valid select_multiple value: expected an array of choice names");
        badField(
            "default select_multiple unknown",
            R"J({"name": "a", "type": "select_multiple", "label": "A", "choices": "yn", "default": ["y", "x"]})J",
            "\"x\" is not one of the choices");
        badField(
            "default geopoint out of range",
            R"J({"name": "a", "type": "geopoint", "label": "A", "default": {"lat": 91, "lon": 0}})J",
            "default is not a valid geopoint value: latitude 91 is outside -90..90");
        badField("default on photo",
                 R"J({"name": "a", "type": "photo", "label": "A", "default": "x.jpg"})J",
                 "field \"a\": \"default\" is not allowed on a photo field");
        badField("default on note",
                 R"J({"name": "a", "type": "note", "label": "A", "default": "x"})J",
                 "\"default\" is not allowed on a note field");
        badField("default empty", R"J({"name": "a", "type": "text", "label": "A", "default": ""})J",
                 "field \"a\": the default is empty");
        // Expressions.
        badField("relevant syntax",
                 R"J({"name": "a", "type": "text", "label": "A", "relevant": "1 +"})J",
                 "field \"a\": relevant expression at position 4: expression is incomplete");
        badField("constraint unknown function",
                 R"J({"name": "a", "type": "text", "label": "A", "constraint": "eval(.)"})J",
                 "field \"a\": constraint expression at position 1: unknown function eval()");
        badField("required syntax",
                 R"J({"name": "a", "type": "text", "label": "A", "required": "1 2"})J",
                 "field \"a\": required expression at position 3: unexpected");
        badField("calculation arity",
                 R"J({"name": "c", "type": "calculate", "calculation": "if(1, 2)"})J",
                 "field \"c\": calculation expression at position 1: if() takes 3 argument(s)");
        badField("expression empty",
                 R"J({"name": "a", "type": "text", "label": "A", "relevant": " "})J",
                 "relevant expression at position 1: expression is empty");
        badField(
            "expression too long",
            qPrintable(QStringLiteral(
                           R"J({"name": "a", "type": "text", "label": "A", "constraint": "%1"})J")
                           .arg(QStringLiteral("1").repeated(9000))),
            "constraint expression at position 1: expression is longer than 8192 characters");
        badField(
            "unknown reference",
            R"J({"name": "a", "type": "text", "label": "A", "relevant": "${b} = 1"})J",
            "field \"a\": relevant expression refers to ${b}, which is not a field of this form");
        badFields(
            "reference into a repeat",
            R"J([{"name": "r", "type": "repeat", "label": "R", "fields": [{"name": "age", "type": "integer", "label": "Age"}]},
                      {"name": "a", "type": "text", "label": "A", "relevant": "${age} > 3"}])J",
            "field \"a\": relevant expression refers to ${age}, a field inside repeat \"r\" that "
            "this expression is not in");
        badFields(
            "repeat without count",
            R"J([{"name": "r", "type": "repeat", "label": "R", "fields": [{"name": "age", "type": "integer", "label": "Age"}]},
                      {"name": "a", "type": "text", "label": "A", "relevant": "sum(${r}) > 3"}])J",
            "refers to ${r}, a repeat; use count(${r})");
        badFields(
            "reference into another repeat",
            R"J([{"name": "r", "type": "repeat", "label": "R", "fields": [{"name": "age", "type": "integer", "label": "Age"}]},
                      {"name": "s", "type": "repeat", "label": "S", "fields": [{"name": "b", "type": "integer", "label": "B", "constraint": ". < ${age}"}]}])J",
            "field \"s.b\": constraint expression refers to ${age}, a field inside repeat \"r\"");
        badFields(
            "reference to a group",
            R"J([{"name": "g", "type": "group", "label": "G", "fields": [{"name": "b", "type": "text", "label": "B"}]},
                      {"name": "a", "type": "text", "label": "A", "relevant": "${g} = ''"}])J",
            "refers to ${g}, a group, which has no value");
        badFields("reference to a note",
                  R"J([{"name": "n", "type": "note", "label": "N"},
                      {"name": "a", "type": "text", "label": "A", "relevant": "${n} = ''"}])J",
                  "refers to ${n}, a note, which has no value");
        badFields(
            "ambiguous reference",
            R"J([{"name": "r", "type": "repeat", "label": "R", "fields": [{"name": "x", "type": "integer", "label": "X"}]},
                      {"name": "s", "type": "repeat", "label": "S", "fields": [{"name": "x", "type": "integer", "label": "X"}]},
                      {"name": "c", "type": "calculate", "calculation": "sum(${x})"}])J",
            "field \"c\": calculation expression refers to ${x}, a name used in several repeats");
        badField("relevance refers to itself",
                 R"J({"name": "a", "type": "text", "label": "A", "relevant": "${a} != ''"})J",
                 "field \"a\": relevance/calculation cycle: a -> a");
        badField("relevance uses dot",
                 R"J({"name": "a", "type": "text", "label": "A", "relevant": ". != ''"})J",
                 "relevance/calculation cycle: a -> a");
        badFields("relevance cycle",
                  R"J([{"name": "a", "type": "text", "label": "A", "relevant": "${b} = 'x'"},
                      {"name": "b", "type": "text", "label": "B", "relevant": "${a} = 'x'"}])J",
                  "relevance/calculation cycle: a -> b -> a");
        badFields("calculation cycle",
                  R"J([{"name": "a", "type": "calculate", "calculation": "${c} + 1"},
                      {"name": "b", "type": "calculate", "calculation": "${a} + 1"},
                      {"name": "c", "type": "calculate", "calculation": "${b} + 1"}])J",
                  "relevance/calculation cycle: a -> c -> b -> a");
        // repeat_count, default_expression, choice_filter.
        badFields("repeat_count with min_count",
                  R"J([{"name": "n", "type": "integer", "label": "N"},
                      {"name": "r", "type": "repeat", "label": "R", "repeat_count": "${n}", "min_count": 1,
                       "fields": [{"name": "a", "type": "text", "label": "A"}]}])J",
                  "field \"r\": \"repeat_count\" gives the number of instances; \"min_count\" and "
                  "\"max_count\" are not allowed with it");
        badField("repeat_count on a text",
                 R"J({"name": "a", "type": "text", "label": "A", "repeat_count": "2"})J",
                 "field \"a\": \"repeat_count\" is not allowed on a text field");
        badField("repeat_count number",
                 R"J({"name": "r", "type": "repeat", "label": "R", "repeat_count": 2,
                      "fields": [{"name": "a", "type": "text", "label": "A"}]})J",
                 "field \"r\": \"repeat_count\" must be an expression string, not a number");
        badField("repeat_count syntax",
                 R"J({"name": "r", "type": "repeat", "label": "R", "repeat_count": "${n} +",
                      "fields": [{"name": "a", "type": "text", "label": "A"}]})J",
                 "field \"r\": repeat_count expression at position 7: expression is incomplete");
        badField("repeat_count unknown field",
                 R"J({"name": "r", "type": "repeat", "label": "R", "repeat_count": "${n}",
                      "fields": [{"name": "a", "type": "text", "label": "A"}]})J",
                 "field \"r\": repeat_count expression refers to ${n}, which is not a field");
        badField("repeat_count uses a field inside",
                 R"J({"name": "r", "type": "repeat", "label": "R", "repeat_count": "${a}",
                      "fields": [{"name": "a", "type": "integer", "label": "A"}]})J",
                 "field \"r\": repeat_count expression refers to ${a}, a field inside repeat "
                 "\"r\"");
        badField(
            "repeat_count counts itself",
            R"J({"name": "r", "type": "repeat", "label": "R", "repeat_count": "count(${r}) + 1",
                      "fields": [{"name": "a", "type": "integer", "label": "A"}]})J",
            "field \"r\": relevance/calculation cycle: r -> r");
        badFields("repeat_count through a calculation",
                  R"J([{"name": "c", "type": "calculate", "calculation": "count(${r})"},
                      {"name": "r", "type": "repeat", "label": "R", "repeat_count": "${c}",
                       "fields": [{"name": "a", "type": "integer", "label": "A"}]}])J",
                  "relevance/calculation cycle: c -> r -> c");
        badField("repeat_count uses dot",
                 R"J({"name": "r", "type": "repeat", "label": "R", "repeat_count": ". + 1",
                      "fields": [{"name": "a", "type": "integer", "label": "A"}]})J",
                 "field \"r\": repeat_count expression uses '.'");
        badField("default and default_expression",
                 R"J({"name": "a", "type": "text", "label": "A", "default": "x",
                      "default_expression": "'y'"})J",
                 "field \"a\": \"default\" and \"default_expression\" cannot both be given");
        badField("default_expression on a photo",
                 R"J({"name": "a", "type": "photo", "label": "A", "default_expression": "'y'"})J",
                 "field \"a\": \"default_expression\" is not allowed on a photo field");
        badField(
            "default_expression on metadata",
            R"J({"name": "a", "type": "date", "metadata": "today", "default_expression": "today()"})J",
            "a metadata field is filled by the device");
        badField(
            "default_expression unknown function",
            R"J({"name": "a", "type": "text", "label": "A", "default_expression": "pulldata('a')"})J",
            "field \"a\": default_expression expression at position 1: unknown function "
            "pulldata()");
        badField(
            "default_expression unknown field",
            R"J({"name": "a", "type": "text", "label": "A", "default_expression": "${zz}"})J",
            "field \"a\": default_expression expression refers to ${zz}, which is not a field");
        badField("choice_filter on a text",
                 R"J({"name": "a", "type": "text", "label": "A", "choice_filter": ". = 'y'"})J",
                 "field \"a\": \"choice_filter\" is not allowed on a text field");
        badField("choice_filter unknown field",
                 R"J({"name": "a", "type": "select_multiple", "choices": "yn", "label": "A",
                      "choice_filter": ". = ${zz}"})J",
                 "field \"a\": choice_filter expression refers to ${zz}, which is not a field");
        badFields(
            "indexed-repeat of a field outside the repeat",
            R"J([{"name": "b", "type": "text", "label": "B"},
                      {"name": "r", "type": "repeat", "label": "R", "fields": [{"name": "a", "type": "text", "label": "A"}]},
                      {"name": "c", "type": "calculate", "calculation": "indexed-repeat(${b}, ${r}, 1)"}])J",
            "field \"c\": calculation expression: indexed-repeat(${b}, ...): the repeats must "
            "be the ones holding ${b}");
        badFields("indexed-repeat of a non-repeat",
                  R"J([{"name": "b", "type": "text", "label": "B"},
                      {"name": "c", "type": "calculate", "calculation": "indexed-repeat(${b}, ${b}, 1)"}])J",
                  "indexed-repeat(${b}, ...): ${b} is not a repeat");
        badFields("indexed-repeat skipping the outer repeat",
                  R"J([{"name": "p", "type": "repeat", "label": "P", "fields": [
                        {"name": "q", "type": "repeat", "label": "Q", "fields": [{"name": "a", "type": "text", "label": "A"}]}]},
                      {"name": "c", "type": "calculate", "calculation": "indexed-repeat(${a}, ${q}, 1)"}])J",
                  "the repeats must be the ones holding ${a}, outermost first");
    }

    void rejectsBadDefinitions()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, messagePart);
        auto form = FormDefinition::fromJson(json);
        QVERIFY2(!form.ok(), "a bad definition must be rejected");
        QCOMPARE(form.error().code, QStringLiteral("invalid_form"));
        QVERIFY2(form.error().message.contains(messagePart), qPrintable(form.error().message));
    }

    void capsHostileSizes()
    {
        // Nesting deeper than the cap.
        QString nested = QString::fromUtf8(kText);
        for (int i = 0; i < formlimits::kMaxNestingDepth; ++i)
            nested = QStringLiteral(
                         R"J({"name": "g%1", "type": "group", "label": "G", "fields": [%2]})J")
                         .arg(i)
                         .arg(nested);
        auto deep = FormDefinition::fromJson(formJson(QStringLiteral("[%1]").arg(nested)));
        QVERIFY(!deep.ok());
        QVERIFY2(deep.error().message.contains(QStringLiteral("nested more than 10 deep")),
                 qPrintable(deep.error().message));

        // More fields than the cap.
        QStringList many;
        for (int i = 0; i <= formlimits::kMaxFields; ++i)
            many.append(
                QStringLiteral(R"J({"name": "f%1", "type": "text", "label": "F"})J").arg(i));
        auto wide = FormDefinition::fromJson(
            formJson(QLatin1Char('[') + many.join(u',') + QLatin1Char(']')));
        QVERIFY(!wide.ok());
        QVERIFY(wide.error().message.contains(QStringLiteral("more than 5000 fields")));
        many.removeLast();
        QVERIFY(FormDefinition::fromJson(
                    formJson(QLatin1Char('[') + many.join(u',') + QLatin1Char(']')))
                    .ok());

        // More choices than the cap.
        QStringList choices;
        for (int i = 0; i <= formlimits::kMaxChoices; ++i)
            choices.append(QStringLiteral(R"J({"name": "c%1", "label": "C"})J").arg(i));
        auto lists = FormDefinition::fromJson(
            formJson(QStringLiteral("[%1]").arg(kText),
                     QStringLiteral(R"J("choices": {"big": [%1]})J").arg(choices.join(u','))));
        QVERIFY(!lists.ok());
        QVERIFY(lists.error().message.contains(QStringLiteral("more than 100000 choices")));

        // A definition larger than the byte cap is refused before parsing.
        QByteArray huge(formlimits::kMaxDefinitionBytes + 1, ' ');
        auto big = FormDefinition::fromJson(huge);
        QVERIFY(!big.ok());
        QVERIFY(big.error().message.contains(QStringLiteral("larger than")));

        // A label longer than the cap.
        auto label = FormDefinition::fromJson(
            formJson(QStringLiteral(R"J([{"name": "a", "type": "text", "label": "%1"}])J")
                         .arg(QString(formlimits::kMaxTextChars + 1, u'x'))));
        QVERIFY(!label.ok());
    }

    void acceptsScopesAndReferences()
    {
        // Same names in different scopes, references outward from nested repeats, aggregates
        // into repeats, position(..), numeric choice names.
        const QByteArray json = formJson(
            QStringLiteral(R"J([
            {"name": "name", "type": "text", "label": "Name"},
            {"name": "limit", "type": "integer", "label": "Limit", "default": 10},
            {"name": "r", "type": "repeat", "label": "R", "fields": [
                {"name": "name", "type": "text", "label": "Name", "relevant": "${limit} > 0"},
                {"name": "n", "type": "integer", "label": "N", "constraint": ". <= ${limit}"},
                {"name": "idx", "type": "calculate", "calculation": "position(..)"},
                {"name": "inner", "type": "repeat", "label": "Inner", "fields": [
                    {"name": "m", "type": "integer", "label": "M", "constraint": ". <= ${n} and ${name} != ''"}
                ]},
                {"name": "inner_total", "type": "calculate", "calculation": "sum(${m})"}
            ]},
            {"name": "total", "type": "calculate", "calculation": "sum(${n}) + count(${r}) + max(${m})"},
            {"name": "pick", "type": "select_one", "label": "Pick", "choices": "nums", "default": "2"}
        ])J"),
            QStringLiteral(
                R"J("choices": {"nums": [{"name": 1, "label": "One"}, {"name": "2", "label": "Two"}]})J"));
        auto form = FormDefinition::fromJson(json);
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        QCOMPARE(form->choiceList(QStringLiteral("nums"))->choices.first().name,
                 QStringLiteral("1"));

        const FormIndex index(*form);
        const int r = index.indexOfPath(QStringLiteral("r"));
        const int inner = index.indexOfPath(QStringLiteral("r.inner"));
        QVERIFY(r >= 0 && inner >= 0);
        // From inside r, ${name} is r's own name field; from the top, the top one.
        QCOMPARE(index.resolve(QStringLiteral("name"), r).field,
                 index.indexOfPath(QStringLiteral("r.name")));
        QCOMPARE(index.resolve(QStringLiteral("name"), -1).field,
                 index.indexOfPath(QStringLiteral("name")));
        QCOMPARE(index.resolve(QStringLiteral("name"), inner).reach, FormIndex::Reach::Single);
        QCOMPARE(index.resolve(QStringLiteral("m"), -1).reach, FormIndex::Reach::NodeSet);
        QCOMPARE(index.resolve(QStringLiteral("r"), -1).reach, FormIndex::Reach::NodeSet);
        QCOMPARE(index.resolve(QStringLiteral("nope"), -1).reach, FormIndex::Reach::Unknown);
        QCOMPARE(index.repeatChain(inner), (QList<int>{r, inner}));
    }

    void lookups()
    {
        auto form = FormDefinition::fromJson(formJson(QStringLiteral(R"J([
            {"name": "g", "type": "group", "label": "G", "fields": [
                {"name": "a", "type": "select_one", "label": "A", "choices": "yn"}]},
            {"name": "r", "type": "repeat", "label": "R", "fields": [
                {"name": "g2", "type": "group", "label": "G2", "fields": [
                    {"name": "b", "type": "text", "label": "B"}]}]}
        ])J")));
        QVERIFY(form.ok());
        QVERIFY(form->field(QStringLiteral("a")));
        QCOMPARE(form->field(QStringLiteral("a"))->type, FieldType::SelectOne);
        QVERIFY(form->field(QStringLiteral("r.b")));
        QVERIFY(form->field(QStringLiteral("g")));
        QVERIFY(!form->field(QStringLiteral("b")));
        QVERIFY(!form->field(QStringLiteral("a.b")));
        QVERIFY(!form->field(QStringLiteral("g.a")));
        QCOMPARE(form->choicesOf(*form->field(QStringLiteral("a")))->name, QStringLiteral("yn"));
        QVERIFY(!form->choicesOf(*form->field(QStringLiteral("r.b"))));
    }

    void localizedText()
    {
        LocalizedText text;
        text.setTranslation(QStringLiteral("en"), QStringLiteral("Age"));
        text.setTranslation(QStringLiteral("fr"), QStringLiteral("Âge"));
        QCOMPARE(text.text(QStringLiteral("fr")), QStringLiteral("Âge"));
        QCOMPARE(text.text(QStringLiteral("de"), QStringLiteral("en")), QStringLiteral("Age"));
        QCOMPARE(text.text(QStringLiteral("de")), QStringLiteral("Age")); // first by language
        QCOMPARE(LocalizedText(QStringLiteral("Plain")).text(QStringLiteral("fr")),
                 QStringLiteral("Plain"));
        QCOMPARE(text.toJson().toObject().value(QStringLiteral("fr")).toString(),
                 QStringLiteral("Âge"));
        QCOMPARE(LocalizedText(QStringLiteral("x")).toJson().toString(), QStringLiteral("x"));
    }

    void checkAppliesToDefinitionsBuiltInCode()
    {
        FormDefinition form;
        form.id = QStringLiteral("coded");
        form.title = LocalizedText(QStringLiteral("Coded"));
        FieldDefinition field;
        field.name = QStringLiteral("n");
        field.type = FieldType::Integer;
        field.label = LocalizedText(QStringLiteral("N"));
        field.defaultValue = QStringLiteral("three");
        form.fields.append(field);
        auto status = form.check();
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.contains(
            QStringLiteral("field \"n\": default is not a valid integer")));
        form.fields.first().defaultValue = 3;
        QVERIFY(form.check().ok());
        // And it round-trips through JSON.
        auto loaded = FormDefinition::fromJson(form.toJson());
        QVERIFY(loaded.ok());
        QCOMPARE(*loaded, form);
    }

    void demoFormsLoad_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(OUTPOST_FORMS_DIR));
        const QStringList files =
            dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 3);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    void demoFormsLoad()
    {
        QFETCH(QString, file);
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        auto form = FormDefinition::fromJson(input.readAll());
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        QCOMPARE(form->id + QStringLiteral(".json"), QFileInfo(file).fileName());
        // Round trip: definition -> JSON -> definition, and JSON is stable.
        auto again = FormDefinition::fromJson(form->toJsonBytes());
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        QCOMPARE(*again, *form);
        QCOMPARE(again->toJson(), form->toJson());
    }

    // docs/forms.md's complete example: its first JSON block is a valid form, its second a
    // valid record of it.
    void docsExampleIsValid()
    {
        QFile doc(QStringLiteral(OUTPOST_DOCS_DIR "/forms.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        QStringList blocks;
        qsizetype from = 0;
        while ((from = text.indexOf(QStringLiteral("```json\n"), from)) >= 0) {
            from += 8;
            const qsizetype end = text.indexOf(QStringLiteral("```"), from);
            QVERIFY(end > from);
            blocks.append(text.mid(from, end - from));
            from = end + 3;
        }
        QVERIFY(blocks.size() >= 2);
        auto form = FormDefinition::fromJson(blocks.at(0).toUtf8());
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        QJsonParseError error;
        const QJsonDocument values = QJsonDocument::fromJson(blocks.at(1).toUtf8(), &error);
        QVERIFY2(values.isObject(), qPrintable(error.errorString()));
        const QDateTime now(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
        const ValidationIssues issues = Validator(*form, {{}, now}).validateValues(values.object());
        QVERIFY2(issues.isEmpty(),
                 qPrintable(issues.isEmpty()
                                ? QString()
                                : issues.first().path + QLatin1Char(' ') + issues.first().message));
    }

    void demoFormsUseTheirFeatures()
    {
        const QDir dir(QStringLiteral(OUTPOST_FORMS_DIR));
        QFile household(dir.filePath(QStringLiteral("household_health.json")));
        QVERIFY(household.open(QIODevice::ReadOnly));
        auto form = FormDefinition::fromJson(household.readAll());
        QVERIFY(form.ok());
        QCOMPARE(form->languages, (QStringList{QStringLiteral("en"), QStringLiteral("fr")}));
        QCOMPARE(form->field(QStringLiteral("members.age"))->label.text(QStringLiteral("fr")),
                 QStringLiteral("Âge en années"));
        QCOMPARE(form->field(QStringLiteral("members"))->minCount, 1);
        QCOMPARE(form->field(QStringLiteral("location"))->type, FieldType::GeoPoint);
        QCOMPARE(form->field(QStringLiteral("house_photo"))->type, FieldType::Photo);

        QFile facility(dir.filePath(QStringLiteral("facility_inspection.json")));
        QVERIFY(facility.open(QIODevice::ReadOnly));
        auto inspection = FormDefinition::fromJson(facility.readAll());
        QVERIFY(inspection.ok());
        QCOMPARE(inspection->policy, ConflictPolicy::Manual);
    }
};

QTEST_GUILESS_MAIN(TestFormDefinition)
#include "tst_formdefinition.moc"
