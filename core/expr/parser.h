// Recursive-descent parser from tokens to a syntax tree, with XPath 1.0 precedence (lowest
// first): or, and, = !=, < <= > >=, + -, * div mod, unary minus. Checks at parse time
// everything that does not need the form: function names and arities, where `..` and
// node-set arguments may appear, constant regex() patterns, size and depth limits.
#pragma once

#include "node.h"
#include "result.h"

#include <memory>

namespace outpost {

class Parser
{
public:
    static Result<std::shared_ptr<const Node>> parse(const QString &source);
};

} // namespace outpost
