// The expression evaluator: one row per expression with its expected value.
#include <QtTest>

#include "expression.h"
#include "exprtestcontext.h"

using namespace outpost;

class TestExpressionEval : public QObject
{
    Q_OBJECT

private:
    // Expected values are written "type:text": "number:3", "string:abc", "boolean:true",
    // "date:2024-05-01" (the type and the string form of the result).
    static void row(const char *expression, const char *expected)
    {
        QTest::newRow(expression) << QString::fromUtf8(expression) << QString::fromUtf8(expected);
    }

private Q_SLOTS:
    void evaluates_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("expected");
        // Literals and references.
        row("42", "number:42");
        row("3.25", "number:3.25");
        row(".5", "number:0.5");
        row("'single'", "string:single");
        row("\"double\"", "string:double");
        row("'it\"s'", "string:it\"s");
        row("${age}", "number:34");
        row("${name}", "string:Alice");
        row("${empty}", "string:");
        row("${unknown_in_map}", "string:");
        row(".", "number:5");
        // Arithmetic and precedence.
        row("1 + 2 * 3", "number:7");
        row("(1 + 2) * 3", "number:9");
        row("10 - 4 - 3", "number:3");
        row("7 div 2", "number:3.5");
        row("7 mod 3", "number:1");
        row("-7 mod 3", "number:-1");
        row("5.5 mod 2", "number:1.5");
        row("1 div 0", "number:Infinity");
        row("-1 div 0", "number:-Infinity");
        row("0 div 0", "number:NaN");
        row("-${age}", "number:-34");
        row("- - 3", "number:3");
        row("2 - -3", "number:5");
        row("${age} + 1", "number:35");
        row("${numtext} * 2", "number:25");
        row("${name} + 1", "number:NaN");
        row("${empty} + 1", "number:NaN");
        row("0.1 + 0.2", "number:0.30000000000000004");
        row("1000000 * 1000000", "number:1000000000000");
        row("${height} * 100", "number:175");
        // Comparisons and coercions.
        row("${age} = 34", "boolean:true");
        row("${age} = '34'", "boolean:true");
        row("${age} != 34", "boolean:false");
        row("${age} > 18", "boolean:true");
        row("${age} >= 34", "boolean:true");
        row("${age} < 34", "boolean:false");
        row("${age} <= '34'", "boolean:true");
        row("${name} = 'Alice'", "boolean:true");
        row("${name} = 'alice'", "boolean:false");
        row("${empty} = ''", "boolean:true");
        row("${empty} != ''", "boolean:false");
        row("${empty} = 0", "boolean:false");
        row("${empty} < 1", "boolean:false");
        row("${empty} > -1", "boolean:false");
        row("'abc' < 'abd'", "boolean:false");
        row("'10' > '9'", "boolean:true");
        row("true() = 'false'", "boolean:true");
        row("false() = ''", "boolean:true");
        row("1 = true()", "boolean:true");
        row("0 = false()", "boolean:true");
        row("2 = true()", "boolean:true");
        row("1 < 2 < 3", "boolean:true");
        row("3 > 2 > 1", "boolean:false");
        row("1 = 1 = 1", "boolean:true");
        row("0 div 0 = 0 div 0", "boolean:false");
        row("0 div 0 != 0 div 0", "boolean:true");
        // Logic (and short-circuit: regex('', '(') would fail if evaluated).
        row("true() and false()", "boolean:false");
        row("true() or false()", "boolean:true");
        row("not(true())", "boolean:false");
        row("not(${empty})", "boolean:true");
        row("not(0)", "boolean:true");
        row("not('0')", "boolean:false");
        row("1 or 0 and 0", "boolean:true");
        row("(1 or 0) and 0", "boolean:false");
        row("false() and regex('', ${name})", "boolean:false");
        row("true() or regex('', ${name})", "boolean:true");
        row("${age} > 18 and ${yes} = 'yes'", "boolean:true");
        row("boolean('')", "boolean:false");
        row("boolean('x')", "boolean:true");
        row("boolean(0 div 0)", "boolean:false");
        row("boolean(${none})", "boolean:false");
        row("boolean(${ages})", "boolean:true");
        // if / coalesce.
        row("if(${age} > 18, 'adult', 'child')", "string:adult");
        row("if(${empty}, 1, 2)", "number:2");
        row("if(true(), 1, regex('', ${name}))", "number:1");
        row("coalesce(${empty}, 'fallback')", "string:fallback");
        row("coalesce(${name}, 'fallback')", "string:Alice");
        // Numbers.
        row("number('12')", "number:12");
        row("number(' -3.5 ')", "number:-3.5");
        row("number('')", "number:NaN");
        row("number('1e3')", "number:NaN");
        row("number('+1')", "number:NaN");
        row("number('5.')", "number:5");
        row("number(true())", "number:1");
        row("number(${dob})", "number:7441");
        row("int(3.9)", "number:3");
        row("int(-3.9)", "number:-3");
        row("int('7.2')", "number:7");
        row("round(2.5)", "number:3");
        row("round(-2.5)", "number:-2");
        row("round(3.14159, 2)", "number:3.14");
        row("round(-1.005, 1)", "number:-1");
        row("round(1234, -2)", "number:1200");
        row("floor(-1.5)", "number:-2");
        row("ceiling(1.2)", "number:2");
        row("abs(-4)", "number:4");
        row("pow(2, 10)", "number:1024");
        row("sqrt(16)", "number:4");
        row("sqrt(-1)", "number:NaN");
        row("min(3, 1, 2)", "number:1");
        row("max(3, 1, 2)", "number:3");
        row("min(${ages})", "number:3");
        row("max(${ages}, 50)", "number:50");
        row("max(1, 'x')", "number:NaN");
        row("sum(${ages})", "number:50");
        row("sum(${none})", "number:0");
        row("count(${ages})", "number:3");
        row("count(${none})", "number:0");
        row("count(${age})", "number:1");
        row("count-non-empty(${notes})", "number:2");
        // Strings.
        row("string(12)", "string:12");
        row("string(1.5)", "string:1.5");
        row("string(true())", "string:true");
        row("string(${dob})", "string:1990-05-17");
        row("concat('a', 1, true())", "string:a1true");
        row("concat()", "string:");
        row("concat(${notes})", "string:ac");
        row("join(', ', ${notes})", "string:a, , c");
        row("join('-', ${ages})", "string:3-40-7");
        row("string-length(${name})", "number:5");
        row("string-length('')", "number:0");
        row("string-length()", "number:1");
        row("string-length('héllo')", "number:5");
        row("contains(${name}, 'lic')", "boolean:true");
        row("starts-with(${name}, 'Al')", "boolean:true");
        row("ends-with(${name}, 'x')", "boolean:false");
        row("substr('abcdef', 2)", "string:cdef");
        row("substr('abcdef', 1, 3)", "string:bc");
        row("substr('abcdef', -5, 100)", "string:abcdef");
        row("substr('abcdef', 4, 2)", "string:");
        row("normalize-space('  a   b ')", "string:a b");
        // regex(): unanchored search, PCRE syntax.
        row("regex(${name}, '^[A-Z][a-z]+$')", "boolean:true");
        row("regex(${name}, 'lic')", "boolean:true");
        row("regex('abc', '^b')", "boolean:false");
        row("regex('0712345678', '^07[0-9]{8}$')", "boolean:true");
        row("regex('', '^$')", "boolean:true");
        // Selections (select_multiple values are space-separated).
        row("selected(${colours}, 'green')", "boolean:true");
        row("selected(${colours}, ' blue ')", "boolean:true");
        row("selected(${colours}, 'gre')", "boolean:false");
        row("selected(${empty}, 'red')", "boolean:false");
        row("count-selected(${colours})", "number:3");
        row("count-selected(${empty})", "number:0");
        row("count-selected('  a   b ')", "number:2");
        row("selected-at(${colours}, 0)", "string:red");
        row("selected-at(${colours}, 2)", "string:blue");
        row("selected-at(${colours}, 3)", "string:");
        // Dates.
        row("today()", "date:2024-05-01");
        row("today() = '2024-05-01'", "boolean:true");
        row("${dob} < today()", "boolean:true");
        row("${dob} = '1990-05-17'", "boolean:true");
        row("${dob} > '1990-05-16'", "boolean:true");
        row("${dob} < date('1990-01-01')", "boolean:false");
        row("'2024-01-02' > '2024-01-01'", "boolean:true");
        row("int((today() - ${dob}) div 365.25)", "number:33");
        row("today() - ${dob}", "number:12403");
        row("date('2024-02-29')", "date:2024-02-29");
        row("date('2023-02-29')", "string:");
        row("date('soon')", "string:");
        row("date(0)", "date:1970-01-01");
        row("date(19844.7)", "date:2024-05-01");
        row("date(${dob} + 30)", "date:1990-06-16");
        row("date('2024-05-01T10:30:00Z')", "date:2024-05-01T10:30:00.000Z");
        row("${visit} < now()", "boolean:true");
        row("${visit} > today()", "boolean:true");
        row("${visit} = '2024-05-01T12:00:00+02:00'", "boolean:true");
        row("decimal-date-time('1970-01-02T12:00:00Z')", "number:1.5");
        row("decimal-date-time(${dob})", "number:7441");
        row("now()", "date:2024-05-01T12:00:00.000Z");
        // format-date() / format-date-time(): ODK's %-codes, English names.
        row("format-date(${dob}, '%Y-%m-%d')", "string:1990-05-17");
        row("format-date(${dob}, '%e/%n/%y %b %a')", "string:17/5/90 May Thu");
        row("format-date('2024-01-05', '%d.%m.%Y')", "string:05.01.2024");
        row("format-date-time(${visit}, '%H:%M:%S.%3 %h')", "string:10:00:00.000 10");
        row("format-date-time('2024-05-01T07:05:09.250+02:00', '%Y %H:%M:%S.%3')",
            "string:2024 07:05:09.250");
        row("format-date(today(), '%Y%%')", "string:2024%");
        row("format-date(0, '%Y-%m-%d %H')", "string:1970-01-01 00");
        row("format-date(1.5, '%d %H')", "string:02 12");
        row("format-date(${empty}, '%Y')", "string:");
        row("format-date('soon', '%Y')", "string:");
        row("format-date(${dob}, '%q %')", "string:%q %");
        // once(): the current value (5) once there is one.
        row("once(1 + 1)", "number:5");
        row("string-length(uuid())", "number:36");
        row("string-length(uuid(12))", "number:12");
        row("regex(uuid(), "
            "'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')",
            "boolean:true");
        row("regex(uuid(40), '^[0-9A-Za-z]{40}$')", "boolean:true");
        row("uuid(0)", "string:");
        row("string-length(uuid(100000))", "number:1024");
        // indexed-repeat() needs a record (tst_dynamicforms); a plain map has no repeats.
        row("indexed-repeat(${name}, ${ages}, 1)", "string:");
        // Repeats.
        row("position(..)", "number:2");
        row("position(..) = 2", "boolean:true");
        // Node-sets compare existentially (XPath).
        row("${ages} = 40", "boolean:true");
        row("${ages} = 41", "boolean:false");
        row("${ages} > 39", "boolean:true");
        row("${none} = ''", "boolean:false");
        // Whitespace and newlines are allowed anywhere between tokens.
        row("\n ${age}\t>\r\n18 ", "boolean:true");
    }

    void evaluates()
    {
        QFETCH(QString, expression);
        QFETCH(QString, expected);
        auto parsed = Expression::parse(expression);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        const MapContext context = test::exprTestContext();
        auto value = parsed->evaluate(context);
        QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().message));
        const QString actual = valueTypeName(value->type()) + QLatin1Char(':') + value->toString();
        QCOMPARE(actual, expected);
    }

    void evaluateBooleanConverts()
    {
        const MapContext context = test::exprTestContext();
        QCOMPARE(*Expression::parse(QStringLiteral("${name}"))->evaluateBoolean(context), true);
        QCOMPARE(*Expression::parse(QStringLiteral("${empty}"))->evaluateBoolean(context), false);
        QCOMPARE(*Expression::parse(QStringLiteral("0"))->evaluateBoolean(context), false);
        QCOMPARE(*Expression().evaluateBoolean(context), false);
        QCOMPARE(Expression().evaluate(context)->toString(), QString());
    }

    void onceComputesOnlyWhileEmpty()
    {
        MapContext context = test::exprTestContext();
        context.setCurrent(Value());
        auto parsed = Expression::parse(QStringLiteral("once(${age} + 1)"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->evaluate(context)->toString(), QStringLiteral("35"));
        auto uuid = Expression::parse(QStringLiteral("uuid()"));
        QVERIFY(uuid->evaluate(context)->toString() != uuid->evaluate(context)->toString());
    }

    void runtimeErrorsAreReturned()
    {
        MapContext context = test::exprTestContext();
        context.setValue(QStringLiteral("pattern"), Value::fromString(QStringLiteral("([a-")));
        auto bad = Expression::parse(QStringLiteral("regex(${name}, ${pattern})"));
        QVERIFY(bad.ok());
        auto value = bad->evaluate(context);
        QVERIFY(!value.ok());
        QCOMPARE(value.error().code, QStringLiteral("expression_runtime"));
        QVERIFY2(value.error().message.contains(QStringLiteral("invalid regex")),
                 qPrintable(value.error().message));

        context.setValue(QStringLiteral("pattern"), Value::fromString(QString(2000, u'a')));
        QVERIFY(!bad->evaluate(context).ok());

        context.setValue(QStringLiteral("pattern"), Value::fromString(QStringLiteral("a")));
        context.setValue(QStringLiteral("name"), Value::fromString(QString(70000, u'a')));
        QVERIFY(!bad->evaluate(context).ok());
    }

    void catastrophicRegexTerminates()
    {
        MapContext context = test::exprTestContext();
        context.setValue(QStringLiteral("name"), Value::fromString(QString(40, u'a') + u'!'));
        auto parsed = Expression::parse(QStringLiteral("regex(${name}, '^(a+)+$')"));
        QVERIFY(parsed.ok());
        QElapsedTimer timer;
        timer.start();
        auto value = parsed->evaluate(context);
        QVERIFY(value.ok());
        QCOMPARE(value->toBoolean(), false);
        QVERIFY2(timer.elapsed() < 5000, "the match limit must stop catastrophic backtracking");
    }
};

QTEST_GUILESS_MAIN(TestExpressionEval)
#include "tst_expressioneval.moc"
