#include "parser.h"

#include "exprerror.h"
#include "exprlimits.h"
#include "functions.h"
#include "lexer.h"
#include "regexcache.h"

#include <algorithm>

namespace outpost {

namespace {

using NodePtr = std::unique_ptr<Node>;
using Kind = Token::Kind;

QString describe(const Token &token)
{
    switch (token.kind) {
    case Kind::End:
        return QStringLiteral("end of expression");
    case Kind::String:
        return QStringLiteral("string '%1'").arg(token.text);
    case Kind::FieldRef:
        return QStringLiteral("${%1}").arg(token.text);
    default:
        return QStringLiteral("'%1'").arg(token.text);
    }
}

class RecursiveParser
{
public:
    explicit RecursiveParser(QList<Token> tokens) : m_tokens(std::move(tokens)) {}

    Result<NodePtr> run()
    {
        auto root = orExpr();
        if (!root)
            return root;
        if (current().kind != Kind::End)
            return exprSyntaxError(current().position,
                                   QStringLiteral("unexpected %1 after a complete expression")
                                       .arg(describe(current())));
        return root;
    }

private:
    const Token &current() const { return m_tokens.at(m_index); }
    void advance()
    {
        if (m_index + 1 < m_tokens.size())
            ++m_index;
    }
    bool isWord(const char *word) const
    {
        return current().kind == Kind::Name && current().text == QLatin1String(word);
    }

    Result<NodePtr> binary(NodePtr left, BinaryOp op, int position, NodePtr right)
    {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Binary;
        node->op = op;
        node->position = position;
        node->depth = std::max(left->depth, right->depth) + 1;
        node->children.push_back(std::move(left));
        node->children.push_back(std::move(right));
        if (node->depth > exprlimits::kMaxDepth)
            return tooDeep(position);
        return node;
    }

    static Error tooDeep(int position)
    {
        return exprSyntaxError(position, QStringLiteral("expression is nested too deeply "
                                                        "(more than %1 levels)")
                                             .arg(exprlimits::kMaxDepth));
    }

    // Parses one precedence level: operand (op operand)*, left-associative.
    template<typename Next, typename Match> Result<NodePtr> level(Next next, Match match)
    {
        auto left = (this->*next)();
        if (!left)
            return left;
        NodePtr node = std::move(*left);
        while (auto op = match()) {
            const int position = current().position;
            advance();
            auto right = (this->*next)();
            if (!right)
                return right;
            auto combined = binary(std::move(node), *op, position, std::move(*right));
            if (!combined)
                return combined;
            node = std::move(*combined);
        }
        return node;
    }

    Result<NodePtr> orExpr()
    {
        return level(&RecursiveParser::andExpr, [this]() -> std::optional<BinaryOp> {
            return isWord("or") ? std::optional(BinaryOp::Or) : std::nullopt;
        });
    }

    Result<NodePtr> andExpr()
    {
        return level(&RecursiveParser::equalityExpr, [this]() -> std::optional<BinaryOp> {
            return isWord("and") ? std::optional(BinaryOp::And) : std::nullopt;
        });
    }

    Result<NodePtr> equalityExpr()
    {
        return level(&RecursiveParser::relationalExpr, [this]() -> std::optional<BinaryOp> {
            switch (current().kind) {
            case Kind::Equal:
                return BinaryOp::Equal;
            case Kind::NotEqual:
                return BinaryOp::NotEqual;
            default:
                return std::nullopt;
            }
        });
    }

    Result<NodePtr> relationalExpr()
    {
        return level(&RecursiveParser::additiveExpr, [this]() -> std::optional<BinaryOp> {
            switch (current().kind) {
            case Kind::Less:
                return BinaryOp::Less;
            case Kind::LessEqual:
                return BinaryOp::LessEqual;
            case Kind::Greater:
                return BinaryOp::Greater;
            case Kind::GreaterEqual:
                return BinaryOp::GreaterEqual;
            default:
                return std::nullopt;
            }
        });
    }

    Result<NodePtr> additiveExpr()
    {
        return level(&RecursiveParser::multiplicativeExpr, [this]() -> std::optional<BinaryOp> {
            switch (current().kind) {
            case Kind::Plus:
                return BinaryOp::Add;
            case Kind::Minus:
                return BinaryOp::Subtract;
            default:
                return std::nullopt;
            }
        });
    }

    Result<NodePtr> multiplicativeExpr()
    {
        return level(&RecursiveParser::unaryExpr, [this]() -> std::optional<BinaryOp> {
            if (current().kind == Kind::Star)
                return BinaryOp::Multiply;
            if (isWord("div"))
                return BinaryOp::Divide;
            if (isWord("mod"))
                return BinaryOp::Modulo;
            return std::nullopt;
        });
    }

    Result<NodePtr> unaryExpr()
    {
        if (current().kind != Kind::Minus)
            return primary();
        const int position = current().position;
        if (++m_nesting > exprlimits::kMaxDepth)
            return tooDeep(position);
        advance();
        auto operand = unaryExpr();
        --m_nesting;
        if (!operand)
            return operand;
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Negate;
        node->position = position;
        node->depth = (*operand)->depth + 1;
        node->children.push_back(std::move(*operand));
        if (node->depth > exprlimits::kMaxDepth)
            return tooDeep(position);
        return node;
    }

    Result<NodePtr> primary()
    {
        const Token token = current();
        auto node = std::make_unique<Node>();
        node->position = token.position;
        switch (token.kind) {
        case Kind::Number:
            node->kind = Node::Kind::Number;
            node->number = token.number;
            advance();
            return node;
        case Kind::String:
            node->kind = Node::Kind::String;
            node->text = token.text;
            advance();
            return node;
        case Kind::FieldRef:
            node->kind = Node::Kind::FieldRef;
            node->text = token.text;
            advance();
            return node;
        case Kind::Dot:
            node->kind = Node::Kind::Current;
            advance();
            return node;
        case Kind::DotDot:
            node->kind = Node::Kind::Parent;
            advance();
            return node;
        case Kind::LParen:
            return parenthesized();
        case Kind::Name:
            return call();
        case Kind::End:
            return exprSyntaxError(token.position, QStringLiteral("expression is incomplete"));
        default:
            return exprSyntaxError(token.position,
                                   QStringLiteral("unexpected %1").arg(describe(token)));
        }
    }

    Result<NodePtr> parenthesized()
    {
        const int open = current().position;
        if (++m_nesting > exprlimits::kMaxDepth)
            return tooDeep(open);
        advance();
        auto inner = orExpr();
        --m_nesting;
        if (!inner)
            return inner;
        if (current().kind != Kind::RParen)
            return exprSyntaxError(current().position,
                                   QStringLiteral("expected ')' to close the '(' at position %1, "
                                                  "found %2")
                                       .arg(open + 1)
                                       .arg(describe(current())));
        advance();
        return inner;
    }

    Result<NodePtr> call()
    {
        const Token name = current();
        advance();
        if (current().kind != Kind::LParen) {
            if (name.text == u"and" || name.text == u"or" || name.text == u"div" ||
                name.text == u"mod")
                return exprSyntaxError(name.position, QStringLiteral("operator '%1' is missing "
                                                                     "its left operand")
                                                          .arg(name.text));
            return exprSyntaxError(name.position,
                                   QStringLiteral("bare name '%1' is not supported; refer to a "
                                                  "field as ${%1} or call a function as %1()")
                                       .arg(name.text));
        }
        const FunctionSpec *spec = FunctionSpec::find(name.text);
        if (!spec)
            return exprSyntaxError(name.position,
                                   QStringLiteral("unknown function %1()").arg(name.text));
        if (++m_nesting > exprlimits::kMaxDepth)
            return tooDeep(name.position);
        advance();
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Call;
        node->position = name.position;
        node->text = name.text;
        node->function = spec;
        if (current().kind != Kind::RParen) {
            while (true) {
                auto argument = orExpr();
                if (!argument)
                    return argument;
                node->depth = std::max(node->depth, (*argument)->depth + 1);
                node->children.push_back(std::move(*argument));
                if (node->children.size() > size_t(exprlimits::kMaxArguments))
                    return exprSyntaxError(name.position, QStringLiteral("too many arguments"));
                if (current().kind == Kind::Comma) {
                    advance();
                    continue;
                }
                break;
            }
        }
        if (current().kind != Kind::RParen)
            return exprSyntaxError(current().position,
                                   QStringLiteral("expected ',' or ')' in the arguments of %1(), "
                                                  "found %2")
                                       .arg(name.text, describe(current())));
        advance();
        --m_nesting;
        if (node->depth > exprlimits::kMaxDepth)
            return tooDeep(name.position);
        if (auto checked = checkCall(*node); !checked)
            return checked.error();
        return node;
    }

    static Status checkCall(const Node &node)
    {
        const FunctionSpec &spec = *node.function;
        const int count = static_cast<int>(node.children.size());
        if (count < spec.minArgs || (spec.maxArgs >= 0 && count > spec.maxArgs)) {
            QString expected;
            if (spec.maxArgs < 0)
                expected = QStringLiteral("at least %1").arg(spec.minArgs);
            else if (spec.minArgs == spec.maxArgs)
                expected = QString::number(spec.minArgs);
            else
                expected = QStringLiteral("%1 to %2").arg(spec.minArgs).arg(spec.maxArgs);
            return exprSyntaxError(node.position,
                                   QStringLiteral("%1() takes %2 argument(s), %3 given")
                                       .arg(node.text, expected)
                                       .arg(count));
        }
        for (int i = 0; i < count; ++i) {
            const Node &arg = *node.children[size_t(i)];
            if (spec.takesNodeSet(i) && spec.nodeSetArgMustBeReference &&
                arg.kind != Node::Kind::FieldRef)
                return exprSyntaxError(arg.position,
                                       QStringLiteral("argument %1 of %2() must be a field "
                                                      "reference ${name}")
                                           .arg(i + 1)
                                           .arg(node.text));
        }
        if (node.text == u"indexed-repeat" && count % 2 == 0)
            return exprSyntaxError(node.position,
                                   QStringLiteral("indexed-repeat() takes a field, then pairs of "
                                                  "a repeat and a position: "
                                                  "indexed-repeat(${field}, ${repeat}, n)"));
        if (node.text == u"position") {
            if (count != 1 || node.children[0]->kind != Node::Kind::Parent)
                return exprSyntaxError(node.position, QStringLiteral("position() is only "
                                                                     "supported as position(..)"));
        }
        if (node.text == u"regex" && node.children[1]->kind == Node::Kind::String) {
            const Node &pattern = *node.children[1];
            if (auto compiled = RegexCache::compile(pattern.text); !compiled)
                return exprSyntaxError(pattern.position, compiled.error().message);
        }
        return {};
    }

    QList<Token> m_tokens;
    qsizetype m_index = 0;
    int m_nesting = 0;
};

// `..` may only appear as the argument of position().
Status checkParentUse(const Node &node, bool allowed)
{
    if (node.kind == Node::Kind::Parent && !allowed)
        return exprSyntaxError(node.position, QStringLiteral("'..' is only supported as "
                                                             "position(..)"));
    const bool childAllowed = node.kind == Node::Kind::Call && node.text == u"position";
    for (const auto &child : node.children) {
        if (auto status = checkParentUse(*child, childAllowed); !status)
            return status;
    }
    return {};
}

} // namespace

Result<std::shared_ptr<const Node>> Parser::parse(const QString &source)
{
    if (source.size() > exprlimits::kMaxSourceChars)
        return exprSyntaxError(0, QStringLiteral("expression is longer than %1 characters")
                                      .arg(exprlimits::kMaxSourceChars));
    auto tokens = Lexer::tokenize(source);
    if (!tokens)
        return tokens.error();
    auto root = RecursiveParser(std::move(*tokens)).run();
    if (!root)
        return root.error();
    if (auto status = checkParentUse(**root, false); !status)
        return status.error();
    return std::shared_ptr<const Node>(std::move(*root));
}

} // namespace outpost
