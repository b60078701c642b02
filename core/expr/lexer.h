// Splits an expression into tokens. Errors name the 1-based position of the culprit.
#pragma once

#include "result.h"
#include "token.h"

#include <QList>

namespace outpost {

class Lexer
{
public:
    static Result<QList<Token>> tokenize(const QString &source);
};

} // namespace outpost
