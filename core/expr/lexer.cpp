#include "lexer.h"

#include "exprerror.h"

namespace outpost {

namespace {

bool isNameStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
}

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || isDigit(c) || c == QLatin1Char('-');
}

bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') ||
           c == QLatin1Char('\r');
}

class Scanner
{
public:
    explicit Scanner(const QString &source) : m_source(source) {}

    Result<QList<Token>> run()
    {
        QList<Token> tokens;
        while (true) {
            while (m_pos < m_source.size() && isSpace(m_source.at(m_pos)))
                ++m_pos;
            if (m_pos >= m_source.size())
                break;
            auto token = next();
            if (!token)
                return token.error();
            tokens.append(*token);
        }
        Token end;
        end.kind = Token::Kind::End;
        end.position = static_cast<int>(m_source.size());
        tokens.append(end);
        return tokens;
    }

private:
    QChar peek(qsizetype ahead = 0) const
    {
        const qsizetype at = m_pos + ahead;
        return at < m_source.size() ? m_source.at(at) : QChar();
    }

    Token make(Token::Kind kind, qsizetype start, QString text = {})
    {
        Token token;
        token.kind = kind;
        token.position = static_cast<int>(start);
        token.text = std::move(text);
        return token;
    }

    Result<Token> next()
    {
        const qsizetype start = m_pos;
        const QChar c = peek();
        if (isDigit(c) || (c == QLatin1Char('.') && isDigit(peek(1))))
            return number();
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            return string();
        if (c == QLatin1Char('$'))
            return fieldRef();
        if (isNameStart(c))
            return name();
        m_pos += 1;
        switch (c.unicode()) {
        case '.':
            if (peek() == QLatin1Char('.')) {
                ++m_pos;
                return make(Token::Kind::DotDot, start, QStringLiteral(".."));
            }
            return make(Token::Kind::Dot, start, QStringLiteral("."));
        case '(':
            return make(Token::Kind::LParen, start, QStringLiteral("("));
        case ')':
            return make(Token::Kind::RParen, start, QStringLiteral(")"));
        case ',':
            return make(Token::Kind::Comma, start, QStringLiteral(","));
        case '+':
            return make(Token::Kind::Plus, start, QStringLiteral("+"));
        case '-':
            return make(Token::Kind::Minus, start, QStringLiteral("-"));
        case '*':
            return make(Token::Kind::Star, start, QStringLiteral("*"));
        case '=':
            return make(Token::Kind::Equal, start, QStringLiteral("="));
        case '!':
            if (peek() == QLatin1Char('=')) {
                ++m_pos;
                return make(Token::Kind::NotEqual, start, QStringLiteral("!="));
            }
            return exprSyntaxError(start, QStringLiteral("'!' must be followed by '=' (use "
                                                         "not() for negation)"));
        case '<':
            if (peek() == QLatin1Char('=')) {
                ++m_pos;
                return make(Token::Kind::LessEqual, start, QStringLiteral("<="));
            }
            return make(Token::Kind::Less, start, QStringLiteral("<"));
        case '>':
            if (peek() == QLatin1Char('=')) {
                ++m_pos;
                return make(Token::Kind::GreaterEqual, start, QStringLiteral(">="));
            }
            return make(Token::Kind::Greater, start, QStringLiteral(">"));
        case '/':
            return exprSyntaxError(start, QStringLiteral("paths such as /data/x are not "
                                                         "supported; refer to fields as ${name}"));
        case '[':
        case ']':
        case '@':
        case '|':
            return exprSyntaxError(start, QStringLiteral("'%1' (XPath paths, predicates and "
                                                         "unions) is not supported")
                                              .arg(c));
        default:
            break;
        }
        return exprSyntaxError(start, QStringLiteral("unexpected character '%1'").arg(c));
    }

    Result<Token> number()
    {
        const qsizetype start = m_pos;
        while (isDigit(peek()))
            ++m_pos;
        if (peek() == QLatin1Char('.') && peek(1) != QLatin1Char('.')) {
            ++m_pos;
            while (isDigit(peek()))
                ++m_pos;
        }
        if (isNameStart(peek()))
            return exprSyntaxError(m_pos, QStringLiteral("a number must not be followed by a "
                                                         "letter (no exponents; add a space "
                                                         "before an operator word)"));
        Token token = make(Token::Kind::Number, start, m_source.mid(start, m_pos - start));
        bool ok = false;
        token.number = token.text.toDouble(&ok);
        if (!ok)
            return exprSyntaxError(start, QStringLiteral("invalid number \"%1\"").arg(token.text));
        return token;
    }

    Result<Token> string()
    {
        const qsizetype start = m_pos;
        const QChar quote = peek();
        ++m_pos;
        const qsizetype end = m_source.indexOf(quote, m_pos);
        if (end < 0)
            return exprSyntaxError(start, QStringLiteral("unterminated string"));
        Token token = make(Token::Kind::String, start, m_source.mid(m_pos, end - m_pos));
        m_pos = end + 1;
        return token;
    }

    Result<Token> fieldRef()
    {
        const qsizetype start = m_pos;
        if (peek(1) != QLatin1Char('{'))
            return exprSyntaxError(start, QStringLiteral("'$' must start a field reference "
                                                         "${name}"));
        m_pos += 2;
        const qsizetype nameStart = m_pos;
        if (!isNameStart(peek()))
            return exprSyntaxError(nameStart, QStringLiteral("invalid field name in ${...}"));
        while (isNameChar(peek()))
            ++m_pos;
        if (peek() != QLatin1Char('}'))
            return exprSyntaxError(m_pos, QStringLiteral("field reference is missing '}' or "
                                                         "has an invalid character"));
        Token token =
            make(Token::Kind::FieldRef, start, m_source.mid(nameStart, m_pos - nameStart));
        ++m_pos;
        return token;
    }

    Result<Token> name()
    {
        const qsizetype start = m_pos;
        while (isNameChar(peek()))
            ++m_pos;
        // One namespace prefix, as in jr:choice-name.
        if (peek() == QLatin1Char(':') && isNameStart(peek(1))) {
            ++m_pos;
            while (isNameChar(peek()))
                ++m_pos;
        }
        return make(Token::Kind::Name, start, m_source.mid(start, m_pos - start));
    }

    const QString &m_source;
    qsizetype m_pos = 0;
};

} // namespace

Result<QList<Token>> Lexer::tokenize(const QString &source)
{
    return Scanner(source).run();
}

} // namespace outpost
