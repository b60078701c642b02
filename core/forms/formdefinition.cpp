#include "formdefinition.h"

#include "formchecker.h"
#include "formlimits.h"
#include "formreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace outpost {

namespace {

const FieldDefinition *findInScope(const QList<FieldDefinition> &fields, const QString &name)
{
    for (const FieldDefinition &field : fields) {
        if (field.name == name)
            return &field;
        if (field.type == FieldType::Group) {
            if (const FieldDefinition *found = findInScope(field.fields, name))
                return found;
        }
    }
    return nullptr;
}

} // namespace

Result<FormDefinition> FormDefinition::fromJson(const QByteArray &json)
{
    if (json.size() > formlimits::kMaxDefinitionBytes)
        return Error::permanentError(QStringLiteral("invalid_form"),
                                     QStringLiteral("form: the definition is larger than %1 bytes")
                                         .arg(formlimits::kMaxDefinitionBytes));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error::permanentError(QStringLiteral("invalid_form"),
                                     QStringLiteral("form: not valid JSON: %1 at offset %2")
                                         .arg(error.errorString())
                                         .arg(error.offset));
    if (!document.isObject())
        return Error::permanentError(QStringLiteral("invalid_form"),
                                     QStringLiteral("form: the definition must be a JSON object"));
    return fromJson(document.object());
}

Result<FormDefinition> FormDefinition::fromJson(const QJsonObject &json)
{
    auto form = FormReader::read(json);
    if (!form)
        return form;
    if (auto status = form->check(); !status)
        return status.error();
    return form;
}

QJsonObject FormDefinition::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("id"), id);
    json.insert(QStringLiteral("version"), version);
    json.insert(QStringLiteral("title"), title.toJson());
    json.insert(QStringLiteral("policy"), conflictPolicyName(policy));
    if (!languages.isEmpty()) {
        json.insert(QStringLiteral("languages"), QJsonArray::fromStringList(languages));
        json.insert(QStringLiteral("default_language"), defaultLanguage);
    }
    if (!choiceLists.isEmpty()) {
        QJsonObject lists;
        for (const ChoiceList &list : choiceLists) {
            QJsonArray choices;
            for (const Choice &choice : list.choices)
                choices.append(QJsonObject{{QStringLiteral("name"), choice.name},
                                           {QStringLiteral("label"), choice.label.toJson()}});
            lists.insert(list.name, choices);
        }
        json.insert(QStringLiteral("choices"), lists);
    }
    QJsonArray array;
    for (const FieldDefinition &field : fields)
        array.append(field.toJson());
    json.insert(QStringLiteral("fields"), array);
    return json;
}

QByteArray FormDefinition::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

Status FormDefinition::check() const
{
    return FormChecker::check(*this);
}

bool FormDefinition::operator==(const FormDefinition &other) const
{
    if (id != other.id || version != other.version || title != other.title ||
        policy != other.policy || languages != other.languages ||
        defaultLanguage != other.defaultLanguage || choiceLists != other.choiceLists ||
        fields.size() != other.fields.size())
        return false;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (!(fields.at(i) == other.fields.at(i)))
            return false;
    }
    return true;
}

const ChoiceList *FormDefinition::choiceList(const QString &name) const
{
    for (const ChoiceList &list : choiceLists) {
        if (list.name == name)
            return &list;
    }
    return nullptr;
}

const FieldDefinition *FormDefinition::field(const QString &path) const
{
    const QStringList parts = path.split(QLatin1Char('.'));
    const QList<FieldDefinition> *scope = &fields;
    const FieldDefinition *found = nullptr;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        found = findInScope(*scope, parts.at(i));
        if (!found)
            return nullptr;
        if (i + 1 < parts.size()) {
            if (found->type != FieldType::Repeat)
                return nullptr;
            scope = &found->fields;
        }
    }
    return found;
}

const ChoiceList *FormDefinition::choicesOf(const FieldDefinition &field) const
{
    return isSelectType(field.type) ? choiceList(field.choiceList) : nullptr;
}

} // namespace outpost
