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
    // A dynamic default ("today()", "${other}"): evaluated once, when the record or the repeat
    // instance holding the field is created. Not together with defaultValue.
    Expression defaultExpression;
    Expression constraint; // checked only on a non-empty value
    LocalizedText constraintMessage;
    Expression relevant; // empty: always relevant (if its group / repeat is)
    Expression readOnly;
    Expression calculation; // calculate fields only
    QString choiceList;     // select_one / select_multiple only
    // select_one / select_multiple only: a choice is offered when this is true with `.` the
    // choice's name; an answer it excludes fails validation (code "constraint").
    Expression choiceFilter;
    int minCount = 0;  // repeat only: fewest instances
    int maxCount = -1; // repeat only: most instances; -1 unbounded
    // Repeat only: the exact number of instances, evaluated in the scope around the repeat
    // (`${n}`, `count-selected(${x})`). Not together with minCount / maxCount.
    Expression repeatCount;
    QList<FieldDefinition> fields; // group / repeat only: the children
    // Empty, or what the device fills in by itself (XLSForm metadata): "start", "end"
    // (datetime), "today" (date), "deviceid", "username" (text). See docs/forms.md.
    QString metadata;

    bool hasDefault() const { return !defaultValue.isUndefined(); }
    bool hasDynamicDefault() const { return !defaultExpression.isEmpty(); }
    bool hasRepeatCount() const { return !repeatCount.isEmpty(); }

    QJsonObject toJson() const;

    // Written out: a defaulted == cannot compare the recursive `fields` list.
    bool operator==(const FieldDefinition &other) const;
};

} // namespace outpost
