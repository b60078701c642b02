#include "validator.h"

#include "fieldvalue.h"
#include "formlimits.h"
#include "offeredchoices.h"
#include "recordwalker.h"
#include "repeatcounts.h"

#include <QJsonArray>

namespace outpost {

namespace {

QString text(const LocalizedText &message, const QString &fallback,
             const ValidationOptions &options, const FormDefinition &form)
{
    const QString localized = message.text(options.language, form.defaultLanguage);
    return localized.isEmpty() ? fallback : localized;
}

} // namespace

Validator::Validator(const FormDefinition &form, ValidationOptions options)
    : m_form(form), m_index(form), m_options(std::move(options))
{}

ValidationIssues Validator::validate(const Record &record) const
{
    ValidationIssues issues;
    if (record.formId != m_form.id || record.formVersion != m_form.version) {
        issues.append({QString(), validationcode::kFormMismatch,
                       QStringLiteral("The record was filled with form \"%1\" version %2, not "
                                      "\"%3\" version %4.")
                           .arg(record.formId)
                           .arg(record.formVersion)
                           .arg(m_form.id)
                           .arg(m_form.version)});
    }
    issues.append(validateValues(record.values));
    return issues;
}

ValidationIssues Validator::validateValues(const QJsonObject &values) const
{
    ValidationIssues issues;
    const auto add = [&issues](const QString &path, const QString &code, const QString &message) {
        issues.append({path, code, message});
    };

    const auto onScope = [&](const ScopeVisit &scope) {
        for (auto it = scope.object.begin(); it != scope.object.end(); ++it) {
            if (!scope.names.contains(it.key()))
                add(scope.pathPrefix + it.key(), validationcode::kUnknownField,
                    QStringLiteral("\"%1\" is not a field of this form.").arg(it.key()));
        }
    };

    const auto onField = [&](const FieldVisit &visit) {
        const FieldDefinition &field = *visit.definition;
        if (!visit.relevanceError.isEmpty())
            add(visit.path, validationcode::kExpression,
                QStringLiteral("The relevance of this field could not be computed: %1")
                    .arg(visit.relevanceError));
        if (!visit.relevant || field.type == FieldType::Group)
            return;
        const bool empty = FieldValue::isEmpty(visit.value);

        if (field.type == FieldType::Note) {
            if (!empty)
                add(visit.path, validationcode::kUnexpectedValue,
                    QStringLiteral("A note holds no value."));
            return;
        }

        if (empty && !field.required.isEmpty()) {
            auto required = field.required.evaluateBoolean(*visit.context);
            if (!required)
                add(visit.path, validationcode::kExpression,
                    QStringLiteral("Whether this field is required could not be computed: %1")
                        .arg(required.error().message));
            else if (*required)
                add(visit.path, validationcode::kRequired,
                    text(field.requiredMessage, QStringLiteral("This field is required."),
                         m_options, m_form));
        }

        if (field.type == FieldType::Repeat) {
            const QJsonArray instances = visit.value.toArray();
            if (!empty) {
                if (auto problem = FieldValue::check(field, nullptr, visit.value)) {
                    add(visit.path, problem->code, problem->message);
                    return;
                }
                for (qsizetype i = 0; i < instances.size(); ++i) {
                    if (!instances.at(i).isObject())
                        add(QStringLiteral("%1[%2]").arg(visit.path).arg(i + 1),
                            validationcode::kType,
                            QStringLiteral("An instance must be an object."));
                }
            }
            const qsizetype count = instances.size();
            if (field.hasRepeatCount()) {
                auto expected = RepeatCounts::expected(field, *visit.context);
                if (!expected)
                    add(visit.path, validationcode::kExpression,
                        QStringLiteral("The number of entries could not be computed: %1")
                            .arg(expected.error().message));
                else if (*expected > formlimits::kMaxRepeatCount)
                    add(visit.path, validationcode::kCount,
                        QStringLiteral("The count asks for %1 entries; at most %2 are allowed.")
                            .arg(*expected)
                            .arg(formlimits::kMaxRepeatCount));
                else if (count != *expected)
                    add(visit.path, validationcode::kCount,
                        QStringLiteral("Exactly %1 entries are needed (%2 given).")
                            .arg(*expected)
                            .arg(count));
                return;
            }
            if (count < field.minCount)
                add(visit.path, validationcode::kCount,
                    QStringLiteral("At least %1 entries are needed (%2 given).")
                        .arg(field.minCount)
                        .arg(count));
            const int maxCount = field.maxCount >= 0 ? field.maxCount : formlimits::kMaxRepeatCount;
            if (count > maxCount)
                add(visit.path, validationcode::kCount,
                    QStringLiteral("At most %1 entries are allowed (%2 given).")
                        .arg(maxCount)
                        .arg(count));
            return;
        }

        if (empty)
            return;
        if (auto problem = FieldValue::check(field, m_form.choicesOf(field), visit.value)) {
            add(visit.path, problem->code, problem->message);
            return;
        }
        if (!field.choiceFilter.isEmpty()) {
            const QStringList names = visit.value.isArray() ? visit.value.toVariant().toStringList()
                                                            : QStringList{visit.value.toString()};
            for (const QString &name : names) {
                auto offered = OfferedChoices::offers(field, name, *visit.context);
                if (!offered) {
                    add(visit.path, validationcode::kExpression,
                        QStringLiteral("The choice filter could not be checked: %1")
                            .arg(offered.error().message));
                    return;
                }
                if (!*offered) {
                    add(visit.path, validationcode::kConstraint,
                        QStringLiteral("\"%1\" is not among the choices offered for the other "
                                       "answers.")
                            .arg(name));
                    return;
                }
            }
        }
        if (!field.constraint.isEmpty()) {
            auto satisfied = field.constraint.evaluateBoolean(*visit.context);
            if (!satisfied)
                add(visit.path, validationcode::kExpression,
                    QStringLiteral("The constraint could not be checked: %1")
                        .arg(satisfied.error().message));
            else if (!*satisfied)
                add(visit.path, validationcode::kConstraint,
                    text(field.constraintMessage, QStringLiteral("This value is not allowed."),
                         m_options, m_form));
        }
    };

    RecordWalker(m_index, values, m_options.now).walk(onField, onScope);
    return issues;
}

} // namespace outpost
