// One lexical token of an expression.
#pragma once

#include <QString>

namespace outpost {

struct Token
{
    enum class Kind
    {
        End,
        Number,   // 12, 3.5, .5
        String,   // 'text' or "text" (no escapes, as in XPath)
        FieldRef, // ${name}; text is the name
        Dot,      // .
        DotDot,   // ..
        Name,     // a function name or one of the operator words and, or, div, mod
        LParen,
        RParen,
        Comma,
        Plus,
        Minus,
        Star,
        Equal,
        NotEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
    };

    Kind kind = Kind::End;
    QString text;
    double number = 0;
    int position = 0; // 0-based offset of the token's first character in the source
};

} // namespace outpost
