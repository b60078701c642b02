// Validates a record against its form definition: per-field issues with a path, a code and a
// message. Non-relevant fields are ignored (not required, not checked). Drafts may be saved
// with issues; RecordLifecycle::finalize() requires none.
//
//   Validator validator(form);                    // reusable, for one definition
//   ValidationIssues issues = validator.validate(record);
#pragma once

#include "formdefinition.h"
#include "formindex.h"
#include "record.h"
#include "validationissue.h"

#include <QDateTime>

namespace outpost {

struct ValidationOptions
{
    QString language; // for messages from the form; empty: the form's default language
    QDateTime now;    // the clock for today() / now(); invalid: the real clock
};

class Validator
{
public:
    // Not owned: `form` must outlive the validator and stay unchanged. It should have
    // passed FormDefinition::check().
    explicit Validator(const FormDefinition &form, ValidationOptions options = {});

    // Checks that the record belongs to this form (id and version), then its values.
    ValidationIssues validate(const Record &record) const;
    // Checks values only.
    ValidationIssues validateValues(const QJsonObject &values) const;

private:
    const FormDefinition &m_form;
    FormIndex m_index;
    ValidationOptions m_options;
};

} // namespace outpost
