// The expression parser: malformed input gives a syntax error with its position; references
// are reported for the form loader; size and depth limits hold.
#include <QtTest>

#include "expression.h"
#include "exprlimits.h"

using namespace outpost;

class TestExpressionParse : public QObject
{
    Q_OBJECT

private:
    static void bad(const char *expression, const char *messagePart)
    {
        QTest::newRow(expression) << QString::fromUtf8(expression)
                                  << QString::fromUtf8(messagePart);
    }

private Q_SLOTS:
    void rejectsMalformed_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("messagePart");
        bad("", "empty");
        bad("   ", "empty");
        bad("1 +", "at position 4: expression is incomplete");
        bad("(1 + 2", "at position 7: expected ')' to close the '(' at position 1");
        bad("1 + 2)", "at position 6: unexpected ')' after a complete expression");
        bad("()", "at position 2: unexpected ')'");
        bad("1 2", "at position 3: unexpected '2'");
        bad("'unterminated", "at position 1: unterminated string");
        bad("\"unterminated", "unterminated string");
        bad("${age", "at position 6: field reference is missing '}'");
        bad("${}", "at position 3: invalid field name");
        bad("${1abc}", "invalid field name");
        bad("${a b}", "missing '}'");
        bad("${a.b}", "missing '}'");
        bad("$age", "at position 1: '$' must start a field reference");
        bad("indexed-repeat(${a}, ${r})", "indexed-repeat() takes 3 to 7 argument(s), 2 given");
        bad("indexed-repeat(${a}, ${r}, 1, ${s})", "indexed-repeat() takes a field, then pairs");
        bad("indexed-repeat('a', ${r}, 1)", "argument 1 of indexed-repeat() must be a field");
        bad("indexed-repeat(${a}, 'r', 1)", "argument 2 of indexed-repeat() must be a field");
        bad("once()", "once() takes 1 argument(s), 0 given");
        bad("uuid(1, 2)", "uuid() takes 0 to 1 argument(s), 2 given");
        bad("format-date(today())", "format-date() takes 2 argument(s), 1 given");
        bad("age > 3", "at position 1: bare name 'age' is not supported");
        bad("/data/age > 3", "at position 1: paths such as /data/x are not supported");
        bad("${a}[1]", "at position 5: '[' (XPath paths, predicates and unions) is not supported");
        bad("${a} | ${b}", "'|'");
        bad("@attr", "'@'");
        bad("!${a}", "at position 1: '!' must be followed by '='");
        bad("${a} == 1", "at position 7: unexpected '='");
        bad("${a} =", "expression is incomplete");
        bad("and 1", "at position 1: operator 'and' is missing its left operand");
        bad("1 and", "expression is incomplete");
        bad("1 or or 2", "at position 6: operator 'or' is missing its left operand");
        bad("1 div", "incomplete");
        bad("* 2", "at position 1: unexpected '*'");
        bad("1e5", "at position 2: a number must not be followed by a letter");
        bad("3mod 2", "a number must not be followed by a letter");
        bad("1 # 2", "at position 3: unexpected character '#'");
        bad("foo(1)", "at position 1: unknown function foo()");
        bad("jr:choice-name(${a}, '${a}')", "unknown function jr:choice-name()");
        bad("eval('1')", "unknown function eval()");
        bad("today(1)", "today() takes 0 argument(s), 1 given");
        bad("not()", "not() takes 1 argument(s), 0 given");
        bad("if(1, 2)", "if() takes 3 argument(s), 2 given");
        bad("round(1, 2, 3)", "round() takes 1 to 2 argument(s), 3 given");
        bad("max()", "max() takes at least 1 argument(s), 0 given");
        bad("regex('a')", "regex() takes 2 argument(s)");
        bad("concat(1,)", "unexpected ')'");
        bad("concat(1 2)", "expected ',' or ')' in the arguments of concat(), found '2'");
        bad("count(1)", "argument 1 of count() must be a field reference");
        bad("sum('a')", "argument 1 of sum() must be a field reference");
        bad("join(',', 'a b')", "argument 2 of join() must be a field reference");
        bad("position()", "position() takes 1 argument(s), 0 given");
        bad("position(.)", "position() is only supported as position(..)");
        bad("..", "'..' is only supported as position(..)");
        bad("count(..)", "must be a field reference");
        bad("regex(., '[a-')", "at position 10: invalid regex pattern '[a-'");
        bad("regex(., '(?<n>a)(?<n>b)')", "invalid regex pattern");
        bad(".. + 1", "'..' is only supported");
    }

    void rejectsMalformed()
    {
        QFETCH(QString, expression);
        QFETCH(QString, messagePart);
        auto parsed = Expression::parse(expression);
        QVERIFY2(!parsed.ok(), "a malformed expression must not parse");
        QCOMPARE(parsed.error().code, QStringLiteral("expression_syntax"));
        QVERIFY2(parsed.error().message.contains(messagePart), qPrintable(parsed.error().message));
    }

    void limits()
    {
        // Length.
        const QString longest =
            QStringLiteral("1") + QStringLiteral(" ").repeated(exprlimits::kMaxSourceChars - 1);
        QVERIFY(Expression::parse(longest).ok());
        auto tooLong = Expression::parse(longest + QLatin1Char(' '));
        QVERIFY(!tooLong.ok());
        QVERIFY(tooLong.error().message.contains(QStringLiteral("longer than")));

        // Nested parentheses, unary minus and calls.
        const int depth = exprlimits::kMaxDepth + 1;
        auto parens = Expression::parse(QStringLiteral("(").repeated(depth) + QLatin1Char('1') +
                                        QStringLiteral(")").repeated(depth));
        QVERIFY(!parens.ok());
        QVERIFY(parens.error().message.contains(QStringLiteral("nested too deeply")));
        auto minus = Expression::parse(QStringLiteral("-").repeated(depth) + QLatin1Char('1'));
        QVERIFY(!minus.ok());
        auto calls = Expression::parse(QStringLiteral("not(").repeated(depth) + QLatin1Char('1') +
                                       QStringLiteral(")").repeated(depth));
        QVERIFY(!calls.ok());
        // Thousands of nested parentheses are refused without exhausting the stack.
        auto hostile = Expression::parse(QStringLiteral("(").repeated(4000));
        QVERIFY(!hostile.ok());

        // A long flat chain is a deep tree too.
        QStringList terms;
        for (int i = 0; i < 100; ++i)
            terms.append(QStringLiteral("${f%1}").arg(i));
        QVERIFY(Expression::parse(terms.join(QStringLiteral(" + "))).ok());
        for (int i = 100; i < 200; ++i)
            terms.append(QStringLiteral("${f%1}").arg(i));
        QVERIFY(!Expression::parse(terms.join(QStringLiteral(" + "))).ok());

        // Arguments.
        QStringList args(exprlimits::kMaxArguments + 1, QStringLiteral("1"));
        QVERIFY(!Expression::parse(QStringLiteral("concat(%1)").arg(args.join(u','))).ok());
        args.removeLast();
        QVERIFY(Expression::parse(QStringLiteral("concat(%1)").arg(args.join(u','))).ok());

        // Regex pattern length.
        const QString pattern(exprlimits::kMaxRegexChars + 1, u'a');
        QVERIFY(!Expression::parse(QStringLiteral("regex(., '%1')").arg(pattern)).ok());
    }

    void reportsReferences()
    {
        const QString source =
            QStringLiteral("${a} + count(${members}) > sum(${age}) and selected(${b}, 'x') or "
                           "max(${c}, ${a}) and join(' ', ${d}) and concat(${e})");
        auto parsed = Expression::parse(source);
        QVERIFY(parsed.ok());
        const auto at = [&source](const char *ref, int from = 0) {
            return static_cast<int>(source.indexOf(QLatin1String(ref), from));
        };
        const QList<ExpressionReference> expected{
            {QStringLiteral("a"), 0, QString()},
            {QStringLiteral("members"), at("${members}"), QStringLiteral("count")},
            {QStringLiteral("age"), at("${age}"), QStringLiteral("sum")},
            {QStringLiteral("b"), at("${b}"), QString()},
            {QStringLiteral("c"), at("${c}"), QStringLiteral("max")},
            {QStringLiteral("a"), at("${a}", 1), QStringLiteral("max")},
            {QStringLiteral("d"), at("${d}"), QStringLiteral("join")},
            {QStringLiteral("e"), at("${e}"), QStringLiteral("concat")},
        };
        QCOMPARE(expected.at(1).position, 13);
        QCOMPARE(parsed->references(), expected);
        QCOMPARE(parsed->referencedNames(),
                 (QSet<QString>{QStringLiteral("a"), QStringLiteral("members"),
                                QStringLiteral("age"), QStringLiteral("b"), QStringLiteral("c"),
                                QStringLiteral("d"), QStringLiteral("e")}));
        QVERIFY(!parsed->usesCurrentValue());
        QVERIFY(Expression::parse(QStringLiteral(". > 3"))->usesCurrentValue());
        // A reference nested deeper than a direct argument is not an aggregate argument.
        auto nested = Expression::parse(QStringLiteral("sum(${a}) + max(${b} + 1)"));
        QCOMPARE(nested->references().at(1).aggregate, QString());
    }

    void copiesShareAndCompare()
    {
        auto a = Expression::parse(QStringLiteral("${x} > 1"));
        QVERIFY(a.ok());
        const Expression copy = *a;
        QCOMPARE(copy, *a);
        QCOMPARE(copy.source(), QStringLiteral("${x} > 1"));
        QVERIFY(copy.root() == a->root());
        QVERIFY(Expression().isEmpty());
        QVERIFY(!(copy == Expression()));
    }
};

QTEST_GUILESS_MAIN(TestExpressionParse)
#include "tst_expressionparse.moc"
