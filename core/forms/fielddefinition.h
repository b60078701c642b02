// One field of a form definition, as described in docs/forms.md. Value type. A definition
// built in code (e.g. by an importer) is checked with FormDefinition::check().
#pragma once

#include "expression.h"
#include "fieldtype.h"
#include "localizedtext.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace outpost {

struct FieldDefinition
{
    QString name; // an identifier, unique within its scope (the record or a repeat instance)
    FieldType type = FieldType::Text;
    LocalizedText label;
    LocalizedText hint;
    // Each expression may be empty (absent). `required` and `readOnly` written as JSON true
    // are the expression true().
    Expression required;
    LocalizedText requiredMessage;
    QJsonValue defaultValue = QJsonValue::Undefined; // Undefined: no default
    Expression constraint;                           // checked only on a non-empty value
    LocalizedText constraintMessage;
    Expression relevant; // empty: always relevant (if its group / repeat is)
    Expression readOnly;
    Expression calculation;        // calculate fields only
    QString choiceList;            // select_one / select_multiple only
    int minCount = 0;              // repeat only: fewest instances
    int maxCount = -1;             // repeat only: most instances; -1 unbounded
    QList<FieldDefinition> fields; // group / repeat only: the children
    // Empty, or what the device fills in by itself (XLSForm metadata): "start", "end"
    // (datetime), "today" (date), "deviceid", "username" (text). See docs/forms.md.
    QString metadata;

    bool hasDefault() const { return !defaultValue.isUndefined(); }

    QJsonObject toJson() const;

    // Written out: a defaulted == cannot compare the recursive `fields` list.
    bool operator==(const FieldDefinition &other) const;
};

} // namespace outpost
