#include "importsummary.h"

#include <QJsonArray>

namespace outpost {

namespace {

void count(const QList<FieldDefinition> &fields, ImportSummary &summary)
{
    for (const FieldDefinition &field : fields) {
        if (field.type == FieldType::Group) {
            ++summary.groupCount;
        } else if (field.type == FieldType::Repeat) {
            ++summary.repeatCount;
        } else {
            ++summary.fieldCount;
            const QString key = field.metadata.isEmpty()
                                    ? fieldTypeName(field.type)
                                    : QStringLiteral("metadata:") + field.metadata;
            ++summary.fieldsByType[key];
        }
        count(field.fields, summary);
    }
}

} // namespace

ImportSummary ImportSummary::of(const FormDefinition &form)
{
    ImportSummary summary;
    summary.formId = form.id;
    summary.title = form.title.text(form.defaultLanguage);
    summary.version = form.version;
    summary.languages = form.languages;
    summary.defaultLanguage = form.defaultLanguage;
    summary.choiceListCount = static_cast<int>(form.choiceLists.size());
    for (const ChoiceList &list : form.choiceLists)
        summary.choiceCount += static_cast<int>(list.choices.size());
    count(form.fields, summary);
    return summary;
}

QString ImportSummary::toText() const
{
    QStringList types;
    for (auto it = fieldsByType.cbegin(); it != fieldsByType.cend(); ++it)
        types.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    QString text;
    text += QStringLiteral("form %1, version %2%3: %4\n")
                .arg(formId)
                .arg(version)
                .arg(versionSource.isEmpty() || versionSource == QString::number(version)
                         ? QString()
                         : QStringLiteral(" (from \"%1\")").arg(versionSource),
                     title);
    text += QStringLiteral("%1 fields (%2), %3 groups, %4 repeats\n")
                .arg(fieldCount)
                .arg(types.join(QStringLiteral(", ")))
                .arg(groupCount)
                .arg(repeatCount);
    text += QStringLiteral("%1 choice lists, %2 choices\n").arg(choiceListCount).arg(choiceCount);
    text += languages.isEmpty() ? QStringLiteral("languages: none (plain texts)\n")
                                : QStringLiteral("languages: %1 (default %2)\n")
                                      .arg(languages.join(QStringLiteral(", ")), defaultLanguage);
    text += QStringLiteral("%1 warnings\n").arg(warningCount);
    return text;
}

QJsonObject ImportSummary::toJson() const
{
    QJsonObject types;
    for (auto it = fieldsByType.cbegin(); it != fieldsByType.cend(); ++it)
        types.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("form_id"), formId},
        {QStringLiteral("title"), title},
        {QStringLiteral("version"), version},
        {QStringLiteral("version_source"), versionSource},
        {QStringLiteral("fields"), fieldCount},
        {QStringLiteral("fields_by_type"), types},
        {QStringLiteral("groups"), groupCount},
        {QStringLiteral("repeats"), repeatCount},
        {QStringLiteral("languages"), QJsonArray::fromStringList(languages)},
        {QStringLiteral("default_language"), defaultLanguage},
        {QStringLiteral("choice_lists"), choiceListCount},
        {QStringLiteral("choices"), choiceCount},
        {QStringLiteral("warnings"), warningCount},
    };
}

} // namespace outpost
