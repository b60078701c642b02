#include "offeredchoices.h"

namespace outpost {

namespace {

// The field's context with `.` replaced by a candidate choice's name.
class CandidateContext : public EvalContext
{
public:
    CandidateContext(const EvalContext &inner, const QString &name)
        : m_inner(inner), m_name(Value::fromString(name))
    {}

    Value fieldValue(const QString &name) const override { return m_inner.fieldValue(name); }
    Value currentValue() const override { return m_name; }
    int position() const override { return m_inner.position(); }
    QDateTime now() const override { return m_inner.now(); }
    Value indexedValue(const QString &field, const QStringList &repeats,
                       const QList<int> &positions) const override
    {
        return m_inner.indexedValue(field, repeats, positions);
    }

private:
    const EvalContext &m_inner;
    Value m_name;
};

} // namespace

Result<bool> OfferedChoices::offers(const FieldDefinition &field, const QString &name,
                                    const EvalContext &context)
{
    if (field.choiceFilter.isEmpty())
        return true;
    return field.choiceFilter.evaluateBoolean(CandidateContext(context, name));
}

QStringList OfferedChoices::offered(const FieldDefinition &field, const ChoiceList &list,
                                    const EvalContext &context)
{
    QStringList names;
    for (const Choice &choice : list.choices) {
        const auto offered = offers(field, choice.name, context);
        if (!offered.ok() || *offered)
            names.append(choice.name);
    }
    return names;
}

} // namespace outpost
