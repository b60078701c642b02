#include "fielddefinition.h"

#include <QJsonArray>

namespace outpost {

namespace {

void insertText(QJsonObject &json, const char *key, const LocalizedText &text)
{
    if (!text.isEmpty())
        json.insert(QLatin1String(key), text.toJson());
}

void insertExpression(QJsonObject &json, const char *key, const Expression &expression)
{
    if (!expression.isEmpty())
        json.insert(QLatin1String(key), expression.source());
}

// required / read_only: JSON true for the constant true().
void insertCondition(QJsonObject &json, const char *key, const Expression &expression)
{
    if (expression.isEmpty())
        return;
    if (expression.source() == u"true()")
        json.insert(QLatin1String(key), true);
    else
        json.insert(QLatin1String(key), expression.source());
}

} // namespace

bool FieldDefinition::operator==(const FieldDefinition &other) const
{
    if (name != other.name || type != other.type || label != other.label || hint != other.hint ||
        required != other.required || requiredMessage != other.requiredMessage ||
        defaultValue != other.defaultValue || defaultExpression != other.defaultExpression ||
        choiceFilter != other.choiceFilter || repeatCount != other.repeatCount ||
        constraint != other.constraint || constraintMessage != other.constraintMessage ||
        relevant != other.relevant || readOnly != other.readOnly ||
        calculation != other.calculation || choiceList != other.choiceList ||
        minCount != other.minCount || maxCount != other.maxCount || metadata != other.metadata ||
        fields.size() != other.fields.size())
        return false;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (!(fields.at(i) == other.fields.at(i)))
            return false;
    }
    return true;
}

QJsonObject FieldDefinition::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("name"), name);
    json.insert(QStringLiteral("type"), fieldTypeName(type));
    insertText(json, "label", label);
    insertText(json, "hint", hint);
    insertCondition(json, "required", required);
    insertText(json, "required_message", requiredMessage);
    if (hasDefault())
        json.insert(QStringLiteral("default"), defaultValue);
    insertExpression(json, "default_expression", defaultExpression);
    insertExpression(json, "constraint", constraint);
    insertText(json, "constraint_message", constraintMessage);
    insertExpression(json, "relevant", relevant);
    insertCondition(json, "read_only", readOnly);
    insertExpression(json, "calculation", calculation);
    if (!choiceList.isEmpty())
        json.insert(QStringLiteral("choices"), choiceList);
    insertExpression(json, "choice_filter", choiceFilter);
    if (!metadata.isEmpty())
        json.insert(QStringLiteral("metadata"), metadata);
    if (type == FieldType::Repeat) {
        if (minCount != 0)
            json.insert(QStringLiteral("min_count"), minCount);
        if (maxCount >= 0)
            json.insert(QStringLiteral("max_count"), maxCount);
        insertExpression(json, "repeat_count", repeatCount);
    }
    if (!fields.isEmpty()) {
        QJsonArray children;
        for (const FieldDefinition &child : fields)
            children.append(child.toJson());
        json.insert(QStringLiteral("fields"), children);
    }
    return json;
}

} // namespace outpost
