// The syntax tree of a parsed expression. Immutable once built by the Parser; shared between
// copies of an Expression.
#pragma once

#include <QString>

#include <memory>
#include <vector>

namespace outpost {

struct FunctionSpec;

enum class BinaryOp
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Add,
    Subtract,
    Multiply,
    Divide, // div
    Modulo, // mod
};

QString binaryOpName(BinaryOp op); // "or", "=", "div", ...

struct Node
{
    enum class Kind
    {
        Number,   // number
        String,   // text
        FieldRef, // ${text}
        Current,  // .
        Parent,   // .. (only as the argument of position())
        Negate,   // -children[0]
        Binary,   // children[0] op children[1]
        Call,     // function(children...)
    };

    Kind kind = Kind::Number;
    int position = 0; // 0-based offset in the source
    int depth = 1;    // height of this subtree
    double number = 0;
    QString text; // string literal, field name or function name
    BinaryOp op = BinaryOp::Add;
    const FunctionSpec *function = nullptr; // Call only; points into the static table
    std::vector<std::unique_ptr<Node>> children;
};

} // namespace outpost
