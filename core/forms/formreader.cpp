#include "formreader.h"

#include "formlimits.h"

#include <QJsonArray>
#include <QSet>

#include <cmath>

namespace outpost {

namespace {

Error bad(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_form"), message);
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

class Reader
{
public:
    Result<FormDefinition> run(const QJsonObject &json)
    {
        FormDefinition form;
        static const QSet<QString> known{
            QStringLiteral("id"),        QStringLiteral("version"),
            QStringLiteral("title"),     QStringLiteral("policy"),
            QStringLiteral("languages"), QStringLiteral("default_language"),
            QStringLiteral("choices"),   QStringLiteral("fields")};
        if (auto status = checkKnown(json, known, QStringLiteral("form")); !status)
            return status.error();

        auto id = string(json, QStringLiteral("id"), QStringLiteral("form"), true);
        if (!id)
            return id.error();
        form.id = *id;

        const QJsonValue version = json.value(QStringLiteral("version"));
        if (version.isUndefined())
            return bad(QStringLiteral("form: missing \"version\""));
        const double v = version.toDouble(-1);
        if (!version.isDouble() || v != std::trunc(v) || v < 1 || v > 2147483647.0)
            return bad(QStringLiteral("form: \"version\" must be a whole number from 1"));
        form.version = static_cast<int>(v);

        auto title = text(json, QStringLiteral("title"), QStringLiteral("form"));
        if (!title)
            return title.error();
        if (title->isEmpty())
            return bad(QStringLiteral("form: missing \"title\""));
        form.title = *title;

        if (json.contains(QStringLiteral("policy"))) {
            auto name = string(json, QStringLiteral("policy"), QStringLiteral("form"), true);
            if (!name)
                return name.error();
            auto policy = conflictPolicyFromName(*name);
            if (!policy)
                return bad(QStringLiteral("form: ") + policy.error().message);
            form.policy = *policy;
        }

        if (auto status = readLanguages(json, form); !status)
            return status.error();
        if (auto status = readChoices(json, form); !status)
            return status.error();

        const QJsonValue fields = json.value(QStringLiteral("fields"));
        if (!fields.isArray())
            return bad(QStringLiteral("form: \"fields\" must be an array of fields"));
        auto list = readFields(fields.toArray(), QString(), 1);
        if (!list)
            return list.error();
        form.fields = std::move(*list);
        return form;
    }

private:
    static Status checkKnown(const QJsonObject &json, const QSet<QString> &known,
                             const QString &where)
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (!known.contains(it.key()))
                return bad(QStringLiteral("%1: unknown property \"%2\"").arg(where, it.key()));
        }
        return {};
    }

    static Result<QString> string(const QJsonObject &json, const QString &key, const QString &where,
                                  bool required)
    {
        const QJsonValue value = json.value(key);
        if (value.isUndefined()) {
            if (required)
                return bad(QStringLiteral("%1: missing \"%2\"").arg(where, key));
            return QString();
        }
        if (!value.isString())
            return bad(QStringLiteral("%1: \"%2\" must be a string, not %3")
                           .arg(where, key, jsonTypeName(value)));
        if (value.toString().size() > formlimits::kMaxTextChars)
            return bad(QStringLiteral("%1: \"%2\" is too long").arg(where, key));
        return value.toString();
    }

    static Result<LocalizedText> text(const QJsonObject &json, const QString &key,
                                      const QString &where)
    {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return LocalizedText();
        auto parsed = LocalizedText::fromJson(value);
        if (!parsed)
            return bad(QStringLiteral("%1: \"%2\" %3").arg(where, key, parsed.error().message));
        return parsed;
    }

    static Result<Expression> expression(const QJsonObject &json, const QString &key,
                                         const QString &where, bool allowBoolean)
    {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return Expression();
        if (allowBoolean && value.isBool()) {
            if (!value.toBool())
                return Expression();
            return Expression::parse(QStringLiteral("true()"));
        }
        if (!value.isString())
            return bad(QStringLiteral("%1: \"%2\" must be %3, not %4")
                           .arg(where, key,
                                allowBoolean ? QStringLiteral("a boolean or an expression string")
                                             : QStringLiteral("an expression string"),
                                jsonTypeName(value)));
        auto parsed = Expression::parse(value.toString());
        if (!parsed)
            return bad(
                QStringLiteral("%1: %2 expression %3").arg(where, key, parsed.error().message));
        return parsed;
    }

    static Result<int> count(const QJsonObject &json, const QString &key, const QString &where,
                             int fallback)
    {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return fallback;
        const double d = value.toDouble(-1);
        if (!value.isDouble() || d != std::trunc(d) || d < 0 || d > formlimits::kMaxRepeatCount)
            return bad(QStringLiteral("%1: \"%2\" must be a whole number from 0 to %3")
                           .arg(where, key)
                           .arg(formlimits::kMaxRepeatCount));
        return static_cast<int>(d);
    }

    static Status readLanguages(const QJsonObject &json, FormDefinition &form)
    {
        const QJsonValue languages = json.value(QStringLiteral("languages"));
        if (!languages.isUndefined()) {
            if (!languages.isArray())
                return bad(QStringLiteral("form: \"languages\" must be an array of strings"));
            const QJsonArray array = languages.toArray();
            if (array.size() > formlimits::kMaxLanguages)
                return bad(
                    QStringLiteral("form: more than %1 languages").arg(formlimits::kMaxLanguages));
            for (const QJsonValue &language : array) {
                if (!language.isString())
                    return bad(QStringLiteral("form: \"languages\" must be an array of strings"));
                form.languages.append(language.toString());
            }
        }
        auto defaultLanguage =
            string(json, QStringLiteral("default_language"), QStringLiteral("form"), false);
        if (!defaultLanguage)
            return defaultLanguage.error();
        form.defaultLanguage = *defaultLanguage;
        return {};
    }

    Status readChoices(const QJsonObject &json, FormDefinition &form)
    {
        const QJsonValue choices = json.value(QStringLiteral("choices"));
        if (choices.isUndefined())
            return {};
        if (!choices.isObject())
            return bad(QStringLiteral("form: \"choices\" must be an object of list name -> "
                                      "array of choices"));
        const QJsonObject lists = choices.toObject();
        if (lists.size() > formlimits::kMaxChoiceLists)
            return bad(
                QStringLiteral("form: more than %1 choice lists").arg(formlimits::kMaxChoiceLists));
        for (auto it = lists.begin(); it != lists.end(); ++it) {
            const QString where = QStringLiteral("choice list \"%1\"").arg(it.key());
            if (!it->isArray())
                return bad(where + QStringLiteral(": must be an array of choices"));
            ChoiceList list;
            list.name = it.key();
            const QJsonArray array = it->toArray();
            m_choiceCount += static_cast<int>(array.size());
            if (m_choiceCount > formlimits::kMaxChoices)
                return bad(QStringLiteral("form: more than %1 choices in all")
                               .arg(formlimits::kMaxChoices));
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString choiceWhere = QStringLiteral("%1, choice %2").arg(where).arg(i + 1);
                if (!array.at(i).isObject())
                    return bad(choiceWhere + QStringLiteral(": must be an object {name, label}"));
                const QJsonObject object = array.at(i).toObject();
                static const QSet<QString> known{QStringLiteral("name"), QStringLiteral("label")};
                if (auto status = checkKnown(object, known, choiceWhere); !status)
                    return status;
                Choice choice;
                const QJsonValue name = object.value(QStringLiteral("name"));
                // Numeric names (XLSForm lists often use 1, 2, 3) are taken as their text.
                if (name.isDouble() && name.toDouble() == std::trunc(name.toDouble()) &&
                    std::fabs(name.toDouble()) < 1e15)
                    choice.name = QString::number(static_cast<qint64>(name.toDouble()));
                else if (name.isString())
                    choice.name = name.toString();
                else
                    return bad(choiceWhere + QStringLiteral(": \"name\" must be a string"));
                auto label = text(object, QStringLiteral("label"), choiceWhere);
                if (!label)
                    return label.error();
                choice.label = *label;
                list.choices.append(choice);
            }
            form.choiceLists.append(list);
        }
        return {};
    }

    Result<QList<FieldDefinition>> readFields(const QJsonArray &array, const QString &scope,
                                              int depth)
    {
        if (depth > formlimits::kMaxNestingDepth)
            return bad(QStringLiteral("field \"%1\": groups and repeats are nested more than %2 "
                                      "deep")
                           .arg(scope)
                           .arg(formlimits::kMaxNestingDepth));
        QList<FieldDefinition> fields;
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (++m_fieldCount > formlimits::kMaxFields)
                return bad(QStringLiteral("form: more than %1 fields").arg(formlimits::kMaxFields));
            auto field = readField(array.at(i), scope, i, depth);
            if (!field)
                return field.error();
            fields.append(std::move(*field));
        }
        return fields;
    }

    Result<FieldDefinition> readField(const QJsonValue &value, const QString &scope,
                                      qsizetype index, int depth)
    {
        const QString position =
            scope.isEmpty() ? QStringLiteral("field %1").arg(index + 1)
                            : QStringLiteral("field %1 of \"%2\"").arg(index + 1).arg(scope);
        if (!value.isObject())
            return bad(position + QStringLiteral(": must be an object"));
        const QJsonObject json = value.toObject();
        const QJsonValue nameValue = json.value(QStringLiteral("name"));
        if (!nameValue.isString() || nameValue.toString().isEmpty())
            return bad(position + QStringLiteral(": missing \"name\" (a non-empty string)"));
        FieldDefinition field;
        field.name = nameValue.toString();
        if (field.name.size() > formlimits::kMaxNameChars)
            return bad(position + QStringLiteral(": name is longer than %1 characters")
                                      .arg(formlimits::kMaxNameChars));
        const QString where =
            QStringLiteral("field \"%1\"")
                .arg(scope.isEmpty() ? field.name : scope + QLatin1Char('.') + field.name);

        static const QSet<QString> known{QStringLiteral("name"),
                                         QStringLiteral("type"),
                                         QStringLiteral("label"),
                                         QStringLiteral("hint"),
                                         QStringLiteral("required"),
                                         QStringLiteral("required_message"),
                                         QStringLiteral("default"),
                                         QStringLiteral("constraint"),
                                         QStringLiteral("constraint_message"),
                                         QStringLiteral("relevant"),
                                         QStringLiteral("read_only"),
                                         QStringLiteral("calculation"),
                                         QStringLiteral("choices"),
                                         QStringLiteral("min_count"),
                                         QStringLiteral("max_count"),
                                         QStringLiteral("repeat_count"),
                                         QStringLiteral("default_expression"),
                                         QStringLiteral("choice_filter"),
                                         QStringLiteral("metadata"),
                                         QStringLiteral("fields")};
        if (auto status = checkKnown(json, known, where); !status)
            return status.error();

        auto typeName = string(json, QStringLiteral("type"), where, true);
        if (!typeName)
            return typeName.error();
        auto type = fieldTypeFromName(*typeName);
        if (!type)
            return bad(where + QStringLiteral(": ") + type.error().message);
        field.type = *type;

        struct TextMember
        {
            const char *key;
            LocalizedText FieldDefinition::*member;
        };
        for (const TextMember &m :
             {TextMember{"label", &FieldDefinition::label},
              TextMember{"hint", &FieldDefinition::hint},
              TextMember{"required_message", &FieldDefinition::requiredMessage},
              TextMember{"constraint_message", &FieldDefinition::constraintMessage}}) {
            auto t = text(json, QLatin1String(m.key), where);
            if (!t)
                return t.error();
            field.*m.member = *t;
        }

        struct ExpressionMember
        {
            const char *key;
            Expression FieldDefinition::*member;
            bool allowBoolean;
        };
        for (const ExpressionMember &m :
             {ExpressionMember{"required", &FieldDefinition::required, true},
              ExpressionMember{"constraint", &FieldDefinition::constraint, false},
              ExpressionMember{"relevant", &FieldDefinition::relevant, false},
              ExpressionMember{"read_only", &FieldDefinition::readOnly, true},
              ExpressionMember{"calculation", &FieldDefinition::calculation, false},
              ExpressionMember{"default_expression", &FieldDefinition::defaultExpression, false},
              ExpressionMember{"choice_filter", &FieldDefinition::choiceFilter, false},
              ExpressionMember{"repeat_count", &FieldDefinition::repeatCount, false}}) {
            auto e = expression(json, QLatin1String(m.key), where, m.allowBoolean);
            if (!e)
                return e.error();
            field.*m.member = *e;
        }

        field.defaultValue = json.value(QStringLiteral("default"));
        auto choices = string(json, QStringLiteral("choices"), where, false);
        if (!choices)
            return choices.error();
        field.choiceList = *choices;
        auto metadata = string(json, QStringLiteral("metadata"), where, false);
        if (!metadata)
            return metadata.error();
        field.metadata = *metadata;

        auto minCount = count(json, QStringLiteral("min_count"), where, 0);
        if (!minCount)
            return minCount.error();
        field.minCount = *minCount;
        auto maxCount = count(json, QStringLiteral("max_count"), where, -1);
        if (!maxCount)
            return maxCount.error();
        field.maxCount = *maxCount;

        const QJsonValue children = json.value(QStringLiteral("fields"));
        if (!children.isUndefined()) {
            if (!children.isArray())
                return bad(where + QStringLiteral(": \"fields\" must be an array of fields"));
            // Paths name repeats only; a group's children share the group's scope.
            const QString childScope =
                field.type == FieldType::Repeat
                    ? (scope.isEmpty() ? field.name : scope + QLatin1Char('.') + field.name)
                    : scope;
            auto list = readFields(children.toArray(), childScope, depth + 1);
            if (!list)
                return list.error();
            field.fields = std::move(*list);
        }
        return field;
    }

    int m_fieldCount = 0;
    int m_choiceCount = 0;
};

} // namespace

Result<FormDefinition> FormReader::read(const QJsonObject &json)
{
    return Reader().run(json);
}

} // namespace outpost
