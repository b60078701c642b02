#include "recordcheck.h"

#include <QHash>

#include <memory>

#include "formcatalog.h"
#include "formdefinition.h"
#include "serverrecord.h"
#include "validator.h"

namespace outpost {

namespace {

struct CachedForm
{
    std::unique_ptr<FormDefinition> form;
    std::unique_ptr<Validator> validator; // refers to *form
};

// Malformed values are refused even in drafts; incompleteness only in finalized records.
bool blocksDraft(const QString &code)
{
    return code != validationcode::kRequired && code != validationcode::kConstraint &&
           code != validationcode::kCount && code != validationcode::kExpression;
}

} // namespace

Status RecordCheck::checkDefinition(const QJsonObject &definition)
{
    auto form = FormDefinition::fromJson(definition);
    if (!form)
        return form.error();
    return {};
}

Result<std::optional<Error>> RecordCheck::check(QSqlDatabase &db, const ServerRecord &record)
{
    thread_local QHash<QString, std::shared_ptr<CachedForm>> cache;
    const QString key =
        QStringLiteral("%1/%2/%3").arg(record.orgId).arg(record.formId).arg(record.formVersion);
    std::shared_ptr<CachedForm> cached = cache.value(key);
    if (!cached) {
        auto definition =
            FormCatalog::definition(db, record.orgId, record.formId, record.formVersion);
        if (!definition)
            return definition.error();
        auto form = FormDefinition::fromJson(*definition);
        if (!form)
            return std::optional<Error>(form.error());
        cached = std::make_shared<CachedForm>();
        cached->form = std::make_unique<FormDefinition>(std::move(*form));
        cached->validator = std::make_unique<Validator>(*cached->form);
        if (cache.size() > 256)
            cache.clear();
        cache.insert(key, cached);
    }
    const bool finalized = record.state != QStringLiteral("draft");
    const ValidationIssues issues = cached->validator->validateValues(record.values);
    QStringList problems;
    for (const auto &issue : issues) {
        if (finalized || blocksDraft(issue.code))
            problems.append(
                QStringLiteral("%1: %2 (%3)").arg(issue.path, issue.message, issue.code));
    }
    if (problems.isEmpty())
        return std::optional<Error>();
    const qsizetype shown = std::min<qsizetype>(problems.size(), 5);
    QString message = problems.mid(0, shown).join(QStringLiteral("; "));
    if (problems.size() > shown)
        message += QStringLiteral("; and %1 more").arg(problems.size() - shown);
    return std::optional<Error>(
        Error::permanentError(QStringLiteral("validation_failed"), message));
}

} // namespace outpost
