#include "expression.h"

#include "evaluator.h"
#include "exprerror.h"
#include "functions.h"
#include "node.h"
#include "parser.h"

namespace outpost {

namespace {

void collectReferences(const Node &node, const QString &aggregate, QList<ExpressionReference> &out)
{
    if (node.kind == Node::Kind::FieldRef)
        out.append(ExpressionReference{node.text, node.position, aggregate});
    for (size_t i = 0; i < node.children.size(); ++i) {
        QString childAggregate;
        if (node.kind == Node::Kind::Call && node.function->takesNodeSet(static_cast<int>(i)))
            childAggregate = node.text;
        collectReferences(*node.children[i], childAggregate, out);
    }
}

bool containsCurrent(const Node &node)
{
    if (node.kind == Node::Kind::Current)
        return true;
    for (const auto &child : node.children) {
        if (containsCurrent(*child))
            return true;
    }
    return false;
}

} // namespace

QString binaryOpName(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Or:
        return QStringLiteral("or");
    case BinaryOp::And:
        return QStringLiteral("and");
    case BinaryOp::Equal:
        return QStringLiteral("=");
    case BinaryOp::NotEqual:
        return QStringLiteral("!=");
    case BinaryOp::Less:
        return QStringLiteral("<");
    case BinaryOp::LessEqual:
        return QStringLiteral("<=");
    case BinaryOp::Greater:
        return QStringLiteral(">");
    case BinaryOp::GreaterEqual:
        return QStringLiteral(">=");
    case BinaryOp::Add:
        return QStringLiteral("+");
    case BinaryOp::Subtract:
        return QStringLiteral("-");
    case BinaryOp::Multiply:
        return QStringLiteral("*");
    case BinaryOp::Divide:
        return QStringLiteral("div");
    case BinaryOp::Modulo:
        return QStringLiteral("mod");
    }
    return {};
}

Result<Expression> Expression::parse(const QString &source)
{
    if (source.trimmed().isEmpty())
        return exprSyntaxError(0, QStringLiteral("expression is empty"));
    auto root = Parser::parse(source);
    if (!root)
        return root.error();
    Expression expression;
    expression.m_source = source;
    expression.m_root = std::move(*root);
    return expression;
}

QList<ExpressionReference> Expression::references() const
{
    QList<ExpressionReference> out;
    if (m_root)
        collectReferences(*m_root, QString(), out);
    return out;
}

QSet<QString> Expression::referencedNames() const
{
    QSet<QString> names;
    for (const auto &reference : references())
        names.insert(reference.name);
    return names;
}

bool Expression::usesCurrentValue() const
{
    return m_root && containsCurrent(*m_root);
}

Result<Value> Expression::evaluate(const EvalContext &context) const
{
    if (!m_root)
        return Value();
    return Evaluator::evaluate(*m_root, context);
}

Result<bool> Expression::evaluateBoolean(const EvalContext &context) const
{
    auto value = evaluate(context);
    if (!value)
        return value.error();
    return value->toBoolean();
}

} // namespace outpost
