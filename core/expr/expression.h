// A parsed expression of the form language (docs/forms.md): the public entry point of
// core/expr. Immutable value type, cheap to copy (the syntax tree is shared), safe to evaluate
// from several threads at once.
#pragma once

#include "evalcontext.h"
#include "result.h"
#include "value.h"

#include <QList>
#include <QSet>
#include <QString>

#include <memory>

namespace outpost {

struct Node;

// One ${name} in an expression.
struct ExpressionReference
{
    QString name;
    int position = 0; // 0-based offset of the '$' in the source
    // The function this reference is a node-set argument of (count, sum, min, max, join,
    // concat, count-non-empty), or empty. Only such references may reach into repeat
    // instances from outside them.
    QString aggregate;

    bool operator==(const ExpressionReference &) const = default;
};

class Expression
{
public:
    Expression() = default; // the absent expression: isEmpty()

    // Syntax errors (code "expression_syntax") say what is wrong and where ("at position 7:
    // ..."). Unknown functions, wrong argument counts and invalid constant regex patterns
    // are syntax errors too.
    static Result<Expression> parse(const QString &source);

    bool isEmpty() const { return !m_root; }
    const QString &source() const { return m_source; }

    // Every ${name} in source order, so that a form can check them against its fields.
    QList<ExpressionReference> references() const;
    QSet<QString> referencedNames() const;
    bool usesCurrentValue() const; // contains `.`

    // Evaluating the absent expression gives the empty string. Runtime errors (code
    // "expression_runtime", e.g. an invalid regex built from a field's value) are returned,
    // never thrown.
    Result<Value> evaluate(const EvalContext &context) const;
    Result<bool> evaluateBoolean(const EvalContext &context) const;

    const Node *root() const { return m_root.get(); } // nullptr when empty

    bool operator==(const Expression &other) const { return m_source == other.m_source; }

private:
    QString m_source;
    std::shared_ptr<const Node> m_root;
};

} // namespace outpost
