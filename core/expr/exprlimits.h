// Hard limits of the expression language, so that a hostile form definition cannot exhaust
// memory or the stack. Documented in docs/forms.md.
#pragma once

namespace outpost::exprlimits {

inline constexpr int kMaxSourceChars = 8192; // characters of one expression
inline constexpr int kMaxDepth =
    128; // nesting of the syntax tree (parentheses, calls, operator chains)
inline constexpr int kMaxArguments = 64;            // arguments of one function call
inline constexpr int kMaxRegexChars = 1024;         // characters of a regex() pattern
inline constexpr int kMaxRegexSubjectChars = 65536; // characters regex() will search
inline constexpr int kRegexMatchLimit = 1000000;    // PCRE2 backtracking steps per match

} // namespace outpost::exprlimits
