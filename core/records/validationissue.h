// One problem found by validating a record (docs/forms.md, "Validation").
#pragma once

#include <QList>
#include <QString>

namespace outpost {

namespace validationcode {
inline const QString kRequired = QStringLiteral("required");     // relevant, required, empty
inline const QString kType = QStringLiteral("type");             // wrong JSON shape / unparsable
inline const QString kRange = QStringLiteral("range");           // out of range (geopoint, size)
inline const QString kChoice = QStringLiteral("choice");         // not in the choice list
inline const QString kConstraint = QStringLiteral("constraint"); // the constraint is false
inline const QString kCount = QStringLiteral("count");           // repeat instances < min or > max
inline const QString kUnknownField = QStringLiteral("unknown_field");       // not in the form
inline const QString kUnexpectedValue = QStringLiteral("unexpected_value"); // a note with a value
inline const QString kExpression = QStringLiteral("expression");      // an expression failed to run
inline const QString kFormMismatch = QStringLiteral("form_mismatch"); // other form id / version
} // namespace validationcode

struct ValidationIssue
{
    // Record path of the field: "age", "members[2].age" (1-based instance numbers, as in
    // XPath and position(..)); "members[3]" for an instance; "" for the whole record.
    QString path;
    QString code;    // one of validationcode
    QString message; // for people: the form's required / constraint message when it has one

    bool operator==(const ValidationIssue &) const = default;
};

using ValidationIssues = QList<ValidationIssue>;

} // namespace outpost
