// The errors of the expression language. Codes: "expression_syntax" (the expression cannot be
// parsed or checked; the message starts with "at position N:" (1-based)) and
// "expression_runtime" (evaluation failed, e.g. an invalid dynamic regex).
#pragma once

#include "result.h"

namespace outpost {

inline Error exprSyntaxError(qsizetype position, const QString &message)
{
    return Error::permanentError(
        QStringLiteral("expression_syntax"),
        QStringLiteral("at position %1: %2").arg(position + 1).arg(message));
}

inline Error exprRuntimeError(const QString &message)
{
    return Error::permanentError(QStringLiteral("expression_runtime"), message);
}

} // namespace outpost
