#include "offeredchoices.h"

#include <QHash>

namespace outpost {

namespace {

// The field's context with `.` replaced by a candidate choice's name. The other inputs do
// not change while the candidates of one field are tried, so ${field} values are looked up
// once (a list of a thousand choices asks for them a thousand times).
class CandidateContext : public EvalContext
{
public:
    explicit CandidateContext(const EvalContext &inner) : m_inner(inner) {}

    void setCandidate(const QString &name) { m_name = Value::fromString(name); }

    Value fieldValue(const QString &name) const override
    {
        auto it = m_fields.constFind(name);
        if (it == m_fields.constEnd())
            it = m_fields.insert(name, m_inner.fieldValue(name));
        return *it;
    }
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
    mutable QHash<QString, Value> m_fields;
};

} // namespace

Result<bool> OfferedChoices::offers(const FieldDefinition &field, const QString &name,
                                    const EvalContext &context)
{
    if (field.choiceFilter.isEmpty())
        return true;
    CandidateContext candidate(context);
    candidate.setCandidate(name);
    return field.choiceFilter.evaluateBoolean(candidate);
}

QStringList OfferedChoices::offered(const FieldDefinition &field, const ChoiceList &list,
                                    const EvalContext &context)
{
    if (field.choiceFilter.isEmpty()) {
        QStringList all;
        for (const Choice &choice : list.choices)
            all.append(choice.name);
        return all;
    }
    CandidateContext candidate(context);
    QStringList names;
    for (const Choice &choice : list.choices) {
        candidate.setCandidate(choice.name);
        const auto offered = field.choiceFilter.evaluateBoolean(candidate);
        if (!offered.ok() || *offered)
            names.append(choice.name);
    }
    return names;
}

} // namespace outpost
