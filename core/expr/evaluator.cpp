#include "evaluator.h"

#include "functions.h"

#include <QStringList>

#include <cmath>

namespace outpost {

namespace {

bool scalarEquals(const Value &a, const Value &b)
{
    if (a.isBoolean() || b.isBoolean())
        return a.toBoolean() == b.toBoolean();
    if (a.isNumber() || b.isNumber())
        return a.toNumber() == b.toNumber();
    if (a.isDate() || b.isDate()) {
        const double da = a.toDays();
        const double db = b.toDays();
        if (!std::isnan(da) && !std::isnan(db))
            return da == db;
    }
    return a.toString() == b.toString();
}

bool scalarCompare(BinaryOp op, const Value &a, const Value &b)
{
    // XPath compares numbers; dates (and ISO date strings compared with a date, or with each
    // other) compare by day number.
    const bool dates =
        a.isDate() || b.isDate() ||
        (a.isString() && b.isString() && !std::isnan(a.toDays()) && !std::isnan(b.toDays()));
    const auto asNumber = [dates](const Value &v) {
        return dates && v.isString() ? v.toDays() : v.toNumber();
    };
    const double x = asNumber(a);
    const double y = asNumber(b);
    switch (op) {
    case BinaryOp::Less:
        return x < y;
    case BinaryOp::LessEqual:
        return x <= y;
    case BinaryOp::Greater:
        return x > y;
    case BinaryOp::GreaterEqual:
        return x >= y;
    default:
        return false;
    }
}

// XPath: a comparison with a node-set holds when it holds for some node.
template<typename Fn> bool existential(const Value &a, const Value &b, Fn fn)
{
    if (!a.isNodeSet() && !b.isNodeSet())
        return fn(a, b);
    const QList<Value> left = a.toNodes();
    const QList<Value> right = b.toNodes();
    for (const Value &x : left) {
        for (const Value &y : right) {
            if (fn(x, y))
                return true;
        }
    }
    return false;
}

double arithmetic(BinaryOp op, double x, double y)
{
    switch (op) {
    case BinaryOp::Add:
        return x + y;
    case BinaryOp::Subtract:
        return x - y;
    case BinaryOp::Multiply:
        return x * y;
    case BinaryOp::Divide:
        return x / y;
    case BinaryOp::Modulo:
        return std::fmod(x, y);
    default:
        return std::nan("");
    }
}

Result<Value> evaluateBinary(const Node &node, const EvalContext &context)
{
    auto left = Evaluator::evaluate(*node.children[0], context);
    if (!left)
        return left;
    if (node.op == BinaryOp::And && !left->toBoolean())
        return Value::fromBoolean(false);
    if (node.op == BinaryOp::Or && left->toBoolean())
        return Value::fromBoolean(true);
    auto right = Evaluator::evaluate(*node.children[1], context);
    if (!right)
        return right;
    switch (node.op) {
    case BinaryOp::And:
    case BinaryOp::Or:
        return Value::fromBoolean(right->toBoolean());
    case BinaryOp::Equal:
        return Value::fromBoolean(Evaluator::equals(*left, *right));
    case BinaryOp::NotEqual:
        // XPath: != is existential too, not the negation of = (same for single values).
        return Value::fromBoolean(existential(
            *left, *right, [](const Value &a, const Value &b) { return !scalarEquals(a, b); }));
    case BinaryOp::Less:
    case BinaryOp::LessEqual:
    case BinaryOp::Greater:
    case BinaryOp::GreaterEqual:
        return Value::fromBoolean(Evaluator::compare(node.op, *left, *right));
    default:
        return Value::fromNumber(arithmetic(node.op, left->toNumber(), right->toNumber()));
    }
}

// indexed-repeat(${field}, ${repeat1}, index1[, ${repeat2}, index2[, ${repeat3}, index3]]):
// the parser made sure the field and repeats are ${references}.
Result<Value> evaluateIndexedRepeat(const Node &node, const EvalContext &context)
{
    QStringList repeats;
    QList<int> positions;
    for (size_t i = 1; i + 1 < node.children.size(); i += 2) {
        auto index = Evaluator::evaluate(*node.children[i + 1], context);
        if (!index)
            return index;
        const double position = std::trunc(index->toNumber());
        if (std::isnan(position) || position < 1 || position > 1e9)
            return Value();
        repeats.append(node.children[i]->text);
        positions.append(static_cast<int>(position));
    }
    return context.indexedValue(node.children[0]->text, repeats, positions);
}

Result<Value> evaluateCall(const Node &node, const EvalContext &context)
{
    if (node.text == u"if") {
        auto condition = Evaluator::evaluate(*node.children[0], context);
        if (!condition)
            return condition;
        return Evaluator::evaluate(*node.children[condition->toBoolean() ? 1 : 2], context);
    }
    if (node.text == u"position")
        return Value::fromNumber(context.position());
    if (node.text == u"once") {
        // ODK: keep the field's value once it has one; compute it only while it is empty.
        const Value current = context.currentValue();
        if (!current.toString().isEmpty())
            return current;
        return Evaluator::evaluate(*node.children[0], context);
    }
    if (node.text == u"indexed-repeat")
        return evaluateIndexedRepeat(node, context);
    QList<Value> args;
    args.reserve(static_cast<qsizetype>(node.children.size()));
    for (size_t i = 0; i < node.children.size(); ++i) {
        auto arg = Evaluator::evaluate(*node.children[i], context);
        if (!arg)
            return arg;
        // A node-set where a single value is expected converts through its first node.
        if (arg->isNodeSet() && !node.function->takesNodeSet(static_cast<int>(i)))
            args.append(arg->toNodes().value(0));
        else
            args.append(*arg);
    }
    return node.function->impl(args, context);
}

} // namespace

Result<Value> Evaluator::evaluate(const Node &node, const EvalContext &context)
{
    switch (node.kind) {
    case Node::Kind::Number:
        return Value::fromNumber(node.number);
    case Node::Kind::String:
        return Value::fromString(node.text);
    case Node::Kind::FieldRef:
        return context.fieldValue(node.text);
    case Node::Kind::Current:
        return context.currentValue();
    case Node::Kind::Parent:
        return Value(); // only meaningful inside position(..), handled there
    case Node::Kind::Negate: {
        auto operand = evaluate(*node.children[0], context);
        if (!operand)
            return operand;
        return Value::fromNumber(-operand->toNumber());
    }
    case Node::Kind::Binary:
        return evaluateBinary(node, context);
    case Node::Kind::Call:
        return evaluateCall(node, context);
    }
    return Value();
}

bool Evaluator::equals(const Value &a, const Value &b)
{
    return existential(a, b, scalarEquals);
}

bool Evaluator::compare(BinaryOp op, const Value &a, const Value &b)
{
    return existential(a, b,
                       [op](const Value &x, const Value &y) { return scalarCompare(op, x, y); });
}

} // namespace outpost
