// Evaluates a syntax tree against an EvalContext. Never throws and never crashes on any tree
// the Parser produced; recursion is bounded by the parser's depth limit.
#pragma once

#include "evalcontext.h"
#include "node.h"
#include "result.h"
#include "value.h"

namespace outpost {

class Evaluator
{
public:
    static Result<Value> evaluate(const Node &node, const EvalContext &context);

    // The comparison rules of docs/forms.md, shared with tests.
    static bool equals(const Value &a, const Value &b);
    static bool compare(BinaryOp op, const Value &a, const Value &b); // < <= > >=
};

} // namespace outpost
