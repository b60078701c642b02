#include "formchecker.h"

#include "fieldmetadata.h"
#include "fieldvalue.h"
#include "formdependencies.h"
#include "formindex.h"
#include "formlimits.h"
#include "node.h"

#include <QRegularExpression>
#include <QSet>

namespace outpost {

namespace {

Error bad(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_form"), message);
}

bool isIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*\\z"));
    return name.size() <= formlimits::kMaxNameChars && re.match(name).hasMatch();
}

bool isFormId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*\\z"));
    return id.size() <= formlimits::kMaxNameChars && re.match(id).hasMatch();
}

class Checker
{
public:
    explicit Checker(const FormDefinition &form) : m_form(form), m_index(form) {}

    Status run()
    {
        if (!isFormId(m_form.id))
            return bad(QStringLiteral("form: id \"%1\" must be 1 to %2 letters, digits, '_', "
                                      "'.' or '-', starting with a letter or digit")
                           .arg(m_form.id)
                           .arg(formlimits::kMaxNameChars));
        if (m_form.version < 1)
            return bad(QStringLiteral("form: version must be 1 or more"));
        if (m_form.title.isEmpty())
            return bad(QStringLiteral("form: missing title"));
        if (auto status = checkLanguages(); !status)
            return status;
        if (auto status = text(m_form.title, QStringLiteral("form: title")); !status)
            return status;
        if (auto status = checkChoiceLists(); !status)
            return status;
        if (m_form.fields.isEmpty())
            return bad(QStringLiteral("form: has no fields"));
        if (m_index.fields().size() > formlimits::kMaxFields)
            return bad(QStringLiteral("form: more than %1 fields").arg(formlimits::kMaxFields));
        if (auto status = checkScope(m_form.fields, QString(), 1); !status)
            return status;
        for (int i = 0; i < m_index.fields().size(); ++i) {
            if (auto status = checkField(i); !status)
                return status;
        }
        if (auto order = FormDependencies::calculationOrder(m_index); !order)
            return order.error();
        return {};
    }

private:
    Status checkLanguages()
    {
        if (m_form.languages.size() > formlimits::kMaxLanguages)
            return bad(
                QStringLiteral("form: more than %1 languages").arg(formlimits::kMaxLanguages));
        QSet<QString> seen;
        for (const QString &language : m_form.languages) {
            if (language.trimmed().isEmpty() || language.size() > formlimits::kMaxNameChars)
                return bad(QStringLiteral("form: language \"%1\" must be a non-empty name of at "
                                          "most %2 characters")
                               .arg(language)
                               .arg(formlimits::kMaxNameChars));
            if (seen.contains(language))
                return bad(QStringLiteral("form: language \"%1\" is listed twice").arg(language));
            seen.insert(language);
        }
        if (m_form.languages.isEmpty() && !m_form.defaultLanguage.isEmpty())
            return bad(QStringLiteral("form: default_language \"%1\" is given but \"languages\" "
                                      "is empty")
                           .arg(m_form.defaultLanguage));
        if (!m_form.languages.isEmpty() && !m_form.languages.contains(m_form.defaultLanguage))
            return bad(
                QStringLiteral("form: default_language \"%1\" must be one of the "
                               "languages (%2)")
                    .arg(m_form.defaultLanguage, m_form.languages.join(QStringLiteral(", "))));
        return {};
    }

    // Translations must be in the form's languages.
    Status text(const LocalizedText &value, const QString &where) const
    {
        for (const QString &language : value.languages()) {
            if (!m_form.languages.contains(language))
                return bad(QStringLiteral("%1 has a text in language \"%2\", which is not in the "
                                          "form's languages")
                               .arg(where, language));
        }
        return {};
    }

    Status checkChoiceLists()
    {
        QSet<QString> names;
        int total = 0;
        for (const ChoiceList &list : m_form.choiceLists) {
            const QString where = QStringLiteral("choice list \"%1\"").arg(list.name);
            if (!isIdentifier(list.name))
                return bad(where + QStringLiteral(": the name must be an identifier (letters, "
                                                  "digits, '_', '-'; not starting with a digit)"));
            if (names.contains(list.name))
                return bad(where + QStringLiteral(": defined twice"));
            names.insert(list.name);
            if (list.choices.isEmpty())
                return bad(where + QStringLiteral(": has no choices"));
            total += static_cast<int>(list.choices.size());
            if (total > formlimits::kMaxChoices)
                return bad(QStringLiteral("form: more than %1 choices in all")
                               .arg(formlimits::kMaxChoices));
            QSet<QString> choiceNames;
            for (const Choice &choice : list.choices) {
                static const QRegularExpression whitespace(QStringLiteral("\\s"));
                if (choice.name.isEmpty() || choice.name.size() > formlimits::kMaxChoiceNameChars ||
                    choice.name.contains(whitespace))
                    return bad(where + QStringLiteral(": choice name \"%1\" must be 1 to %2 "
                                                      "characters without spaces")
                                           .arg(choice.name)
                                           .arg(formlimits::kMaxChoiceNameChars));
                if (choiceNames.contains(choice.name))
                    return bad(where +
                               QStringLiteral(": choice \"%1\" is listed twice").arg(choice.name));
                choiceNames.insert(choice.name);
                if (choice.label.isEmpty())
                    return bad(where +
                               QStringLiteral(": choice \"%1\" has no label").arg(choice.name));
                if (auto status = text(choice.label,
                                       where + QStringLiteral(": choice \"%1\"").arg(choice.name));
                    !status)
                    return status;
            }
        }
        return {};
    }

    // Names are unique within a scope; a group's children belong to the group's scope.
    Status checkScope(const QList<FieldDefinition> &fields, const QString &prefix, int depth)
    {
        QSet<QString> names;
        return checkScopeInto(fields, prefix, depth, names);
    }

    Status checkScopeInto(const QList<FieldDefinition> &fields, const QString &prefix, int depth,
                          QSet<QString> &names)
    {
        if (depth > formlimits::kMaxNestingDepth)
            return bad(QStringLiteral("field \"%1\": groups and repeats are nested more than %2 "
                                      "deep")
                           .arg(prefix)
                           .arg(formlimits::kMaxNestingDepth));
        for (const FieldDefinition &field : fields) {
            const QString path = prefix + field.name;
            if (!isIdentifier(field.name))
                return bad(QStringLiteral("field \"%1\": the name must be an identifier of at "
                                          "most %2 characters (letters, digits, '_', '-'; not "
                                          "starting with a digit)")
                               .arg(path)
                               .arg(formlimits::kMaxNameChars));
            if (names.contains(field.name))
                return bad(QStringLiteral("field \"%1\": duplicate name \"%2\" in the same scope")
                               .arg(path, field.name));
            names.insert(field.name);
            if (field.type == FieldType::Group) {
                if (auto status = checkScopeInto(field.fields, prefix, depth + 1, names); !status)
                    return status;
            } else if (field.type == FieldType::Repeat) {
                if (auto status = checkScope(field.fields, path + QLatin1Char('.'), depth + 1);
                    !status)
                    return status;
            }
        }
        return {};
    }

    Status checkField(int i)
    {
        const IndexedField &entry = m_index.at(i);
        const FieldDefinition &field = *entry.definition;
        const QString where = QStringLiteral("field \"%1\"").arg(entry.path);
        const QString type = fieldTypeName(field.type);
        const auto notAllowed = [&](const char *property) {
            return bad(QStringLiteral("%1: \"%2\" is not allowed on a %3 field")
                           .arg(where, QLatin1String(property), type));
        };

        // Texts.
        if (field.label.isEmpty() && field.type != FieldType::Calculate && field.metadata.isEmpty())
            return bad(where + QStringLiteral(": missing label"));
        for (const auto &[property, value] :
             {std::pair{"label", &field.label}, std::pair{"hint", &field.hint},
              std::pair{"required_message", &field.requiredMessage},
              std::pair{"constraint_message", &field.constraintMessage}}) {
            if (auto status =
                    text(*value, QStringLiteral("%1: %2").arg(where, QLatin1String(property)));
                !status)
                return status;
        }

        // What each type allows.
        if (isContainerType(field.type) && field.fields.isEmpty())
            return bad(where +
                       QStringLiteral(": a %1 needs at least one field in \"fields\"").arg(type));
        if (!isContainerType(field.type) && !field.fields.isEmpty())
            return notAllowed("fields");
        if (isSelectType(field.type)) {
            if (field.choiceList.isEmpty())
                return bad(where + QStringLiteral(": a %1 field needs \"choices\" (a choice list "
                                                  "name)")
                                       .arg(type));
            if (!m_form.choiceList(field.choiceList))
                return bad(
                    where +
                    QStringLiteral(": choice list \"%1\" does not exist").arg(field.choiceList));
        } else if (!field.choiceList.isEmpty()) {
            return notAllowed("choices");
        }
        if (field.type == FieldType::Repeat) {
            if (field.hasRepeatCount() && (field.minCount != 0 || field.maxCount != -1))
                return bad(where + QStringLiteral(": \"repeat_count\" gives the number of "
                                                  "instances; \"min_count\" and \"max_count\" "
                                                  "are not allowed with it"));
            if (field.repeatCount.usesCurrentValue())
                return bad(where + QStringLiteral(": repeat_count expression uses '.', which has "
                                                  "no value there; refer to a field as ${name}"));
            if (field.maxCount >= 0 && field.minCount > field.maxCount)
                return bad(where + QStringLiteral(": min_count %1 is greater than max_count %2")
                                       .arg(field.minCount)
                                       .arg(field.maxCount));
            if (field.minCount > formlimits::kMaxRepeatCount ||
                field.maxCount > formlimits::kMaxRepeatCount)
                return bad(
                    where +
                    QStringLiteral(": counts are limited to %1").arg(formlimits::kMaxRepeatCount));
        } else if (field.minCount != 0) {
            return notAllowed("min_count");
        } else if (field.maxCount != -1) {
            return notAllowed("max_count");
        } else if (field.hasRepeatCount()) {
            return notAllowed("repeat_count");
        }
        if (!isSelectType(field.type) && !field.choiceFilter.isEmpty())
            return notAllowed("choice_filter");
        if (field.type == FieldType::Calculate && field.calculation.isEmpty())
            return bad(where + QStringLiteral(": a calculate field needs a \"calculation\""));
        if (field.type != FieldType::Calculate && !field.calculation.isEmpty())
            return notAllowed("calculation");
        if (!isInputType(field.type)) {
            if (!field.required.isEmpty())
                return notAllowed("required");
            if (!field.readOnly.isEmpty())
                return notAllowed("read_only");
            if (!field.constraint.isEmpty())
                return notAllowed("constraint");
        }
        if (auto status = checkDefault(field, where); !status)
            return status;
        if (auto status = checkMetadata(entry, where); !status)
            return status;

        // Expressions: every ${name} must resolve from the field's scope.
        for (const auto &[property, expression] :
             {std::pair{"relevant", &field.relevant}, std::pair{"required", &field.required},
              std::pair{"constraint", &field.constraint}, std::pair{"read_only", &field.readOnly},
              std::pair{"calculation", &field.calculation},
              std::pair{"default_expression", &field.defaultExpression},
              std::pair{"choice_filter", &field.choiceFilter},
              std::pair{"repeat_count", &field.repeatCount}}) {
            if (auto status = checkReferences(*expression, entry, where, QLatin1String(property));
                !status)
                return status;
            if (expression->root())
                if (auto status = checkIndexedRepeats(*expression->root(), entry, where,
                                                      QLatin1String(property));
                    !status)
                    return status;
        }
        return {};
    }

    // A metadata field is filled by the device: the right type, at the top level (not in a
    // repeat), and nothing that asks the person or computes it.
    Status checkMetadata(const IndexedField &entry, const QString &where) const
    {
        const FieldDefinition &field = *entry.definition;
        if (field.metadata.isEmpty())
            return {};
        const auto type = fieldmetadata::typeOf(field.metadata);
        if (!type)
            return bad(
                QStringLiteral("%1: unknown metadata \"%2\" (expected one of: %3)")
                    .arg(where, field.metadata, fieldmetadata::kinds().join(QStringLiteral(", "))));
        if (field.type != *type)
            return bad(QStringLiteral("%1: metadata \"%2\" must be a %3 field")
                           .arg(where, field.metadata, fieldTypeName(*type)));
        if (entry.repeat != -1)
            return bad(where + QStringLiteral(": a metadata field cannot be inside a repeat"));
        if (!field.required.isEmpty() || !field.constraint.isEmpty() || !field.readOnly.isEmpty() ||
            field.hasDefault() || field.hasDynamicDefault())
            return bad(where + QStringLiteral(": a metadata field is filled by the device; "
                                              "\"required\", \"constraint\", \"read_only\", "
                                              "\"default\" and \"default_expression\" are not "
                                              "allowed"));
        return {};
    }

    Status checkDefault(const FieldDefinition &field, const QString &where) const
    {
        if (!field.hasDefault() && !field.hasDynamicDefault())
            return {};
        const char *property = field.hasDefault() ? "default" : "default_expression";
        switch (field.type) {
        case FieldType::Photo:
        case FieldType::File:
        case FieldType::Note:
        case FieldType::Calculate:
        case FieldType::Group:
        case FieldType::Repeat:
            return bad(QStringLiteral("%1: \"%2\" is not allowed on a %3 field")
                           .arg(where, QLatin1String(property), fieldTypeName(field.type)));
        default:
            break;
        }
        if (field.hasDefault() && field.hasDynamicDefault())
            return bad(where + QStringLiteral(": \"default\" and \"default_expression\" cannot "
                                              "both be given"));
        if (!field.hasDefault())
            return {};
        if (FieldValue::isEmpty(field.defaultValue))
            return bad(where + QStringLiteral(": the default is empty; leave \"default\" out "
                                              "instead"));
        if (auto problem = FieldValue::check(field, m_form.choicesOf(field), field.defaultValue))
            return bad(where + QStringLiteral(": default is not a valid %1 value: %2")
                                   .arg(fieldTypeName(field.type), problem->message));
        return {};
    }

    Status checkReferences(const Expression &expression, const IndexedField &entry,
                           const QString &where, const QString &property) const
    {
        for (const ExpressionReference &reference : expression.references()) {
            const auto resolved = m_index.resolve(reference.name, entry.repeat);
            const QString prefix = QStringLiteral("%1: %2 expression refers to ${%3}")
                                       .arg(where, property, reference.name);
            switch (resolved.reach) {
            case FormIndex::Reach::Unknown:
                return bad(prefix + QStringLiteral(", which is not a field of this form"));
            case FormIndex::Reach::Ambiguous:
                return bad(prefix + QStringLiteral(", a name used in several repeats; the "
                                                   "reference is ambiguous"));
            case FormIndex::Reach::Single: {
                const FieldType type = m_index.at(resolved.field).definition->type;
                if (type == FieldType::Group || type == FieldType::Note)
                    return bad(
                        prefix +
                        QStringLiteral(", a %1, which has no value").arg(fieldTypeName(type)));
                break;
            }
            case FormIndex::Reach::NodeSet: {
                const IndexedField &target = m_index.at(resolved.field);
                if (target.definition->type == FieldType::Repeat) {
                    if (reference.aggregate != u"count" && reference.aggregate != u"indexed-repeat")
                        return bad(prefix + QStringLiteral(", a repeat; use count(${%1}) for the "
                                                           "number of instances")
                                                .arg(reference.name));
                } else if (reference.aggregate.isEmpty()) {
                    return bad(prefix + QStringLiteral(", a field inside repeat \"%1\" that this "
                                                       "expression is not in; use it through "
                                                       "count(), sum(), min(), max(), join() or "
                                                       "concat()")
                                            .arg(m_index.at(target.repeat).path));
                } else if (target.definition->type == FieldType::Group ||
                           target.definition->type == FieldType::Note) {
                    return bad(prefix + QStringLiteral(", which has no value"));
                }
                break;
            }
            }
        }
        return {};
    }

    // indexed-repeat(${field}, ${r1}, i1, ...): the repeats are those holding the field,
    // outermost first; the outer ones the expression is itself inside may be left out.
    Status checkIndexedRepeats(const Node &node, const IndexedField &entry, const QString &where,
                               const QString &property) const
    {
        for (const auto &child : node.children) {
            if (auto status = checkIndexedRepeats(*child, entry, where, property); !status)
                return status;
        }
        if (node.kind != Node::Kind::Call || node.text != u"indexed-repeat")
            return {};
        const QString call = QStringLiteral("%1: %2 expression: indexed-repeat(${%3}, ...)")
                                 .arg(where, property, node.children[0]->text);
        const auto target = m_index.resolve(node.children[0]->text, entry.repeat);
        if (target.field < 0 || isContainerType(m_index.at(target.field).definition->type))
            return bad(call + QStringLiteral(": the first argument must be a field with a value"));
        QList<int> given;
        for (size_t i = 1; i < node.children.size(); i += 2) {
            const auto repeat = m_index.resolve(node.children[i]->text, entry.repeat);
            if (repeat.field < 0 || m_index.at(repeat.field).definition->type != FieldType::Repeat)
                return bad(call +
                           QStringLiteral(": ${%1} is not a repeat").arg(node.children[i]->text));
            given.append(repeat.field);
        }
        const QList<int> holding = m_index.repeatChain(m_index.at(target.field).repeat);
        const QList<int> current = m_index.repeatChain(entry.repeat);
        const qsizetype implied = holding.size() - given.size();
        const bool matches = implied >= 0 && holding.mid(implied) == given &&
                             current.mid(0, implied) == holding.mid(0, implied);
        if (!matches)
            return bad(call + QStringLiteral(": the repeats must be the ones holding ${%1}, "
                                             "outermost first (an enclosing repeat this "
                                             "expression is in may be left out)")
                                  .arg(node.children[0]->text));
        return {};
    }

    const FormDefinition &m_form;
    FormIndex m_index;
};

} // namespace

Status FormChecker::check(const FormDefinition &form)
{
    return Checker(form).run();
}

} // namespace outpost
