// Compiles regex() patterns with bounds (pattern length, PCRE2 match limit) and keeps the
// compiled patterns for reuse. Thread-safe: may be called from any thread.
#pragma once

#include "result.h"

#include <QRegularExpression>

namespace outpost {

class RegexCache
{
public:
    // An error (code expression_runtime) names the problem and its offset in the pattern.
    static Result<QRegularExpression> compile(const QString &pattern);
    // Whether `subject` contains a match; an error when the subject is too long.
    static Result<bool> search(const QString &pattern, const QString &subject);
};

} // namespace outpost
