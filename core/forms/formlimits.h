// Caps on form definitions, so that a hostile definition cannot exhaust memory or the stack.
// Documented in docs/forms.md.
#pragma once

namespace outpost::formlimits {

inline constexpr int kMaxDefinitionBytes = 8 * 1024 * 1024; // JSON text of one definition
inline constexpr int kMaxFields = 5000;     // fields of a form, counting groups and repeats
inline constexpr int kMaxNestingDepth = 10; // groups and repeats inside one another
inline constexpr int kMaxChoiceLists = 1000;
inline constexpr int kMaxChoices = 100000; // choices over all lists
inline constexpr int kMaxNameChars = 64;   // form id, field names, choice list names
inline constexpr int kMaxChoiceNameChars = 256;
inline constexpr int kMaxTextChars = 20000; // one label, hint or message, per language
inline constexpr int kMaxLanguages = 64;
inline constexpr int kMaxRepeatCount = 10000;    // max_count, and instances validated per repeat
inline constexpr int kMaxTextValueChars = 65536; // a text value in a record

} // namespace outpost::formlimits
