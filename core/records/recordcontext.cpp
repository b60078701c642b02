#include "recordcontext.h"

#include "fieldvalue.h"

#include <QJsonArray>

namespace outpost {

RecordContext::RecordContext(const FormIndex &index, const QJsonObject &values,
                             const QDateTime &now)
    : m_index(index), m_values(values), m_now(now)
{}

void RecordContext::setCurrent(int field, const QList<int> &instances)
{
    m_field = field;
    m_chain = field >= 0 ? m_index.repeatChain(m_index.at(field).repeat) : QList<int>();
    m_instances = instances;
}

QJsonObject RecordContext::scopeObject(qsizetype levels) const
{
    QJsonObject object = m_values;
    for (qsizetype j = 0; j < levels && j < m_instances.size(); ++j) {
        const QString name = m_index.at(m_chain.at(j)).definition->name;
        object = object.value(name).toArray().at(m_instances.at(j)).toObject();
    }
    return object;
}

void RecordContext::collect(const QJsonObject &object, const QList<int> &chain, qsizetype level,
                            const IndexedField &target, QList<Value> &out) const
{
    if (level == chain.size()) {
        // Inside an instance of the target repeat, or at the target field's scope.
        if (target.definition->type == FieldType::Repeat)
            out.append(Value());
        else
            out.append(FieldValue::toExpressionValue(*target.definition,
                                                     object.value(target.definition->name)));
        return;
    }
    const QString name = m_index.at(chain.at(level)).definition->name;
    const QJsonArray instances = object.value(name).toArray();
    for (const QJsonValue &instance : instances)
        collect(instance.toObject(), chain, level + 1, target, out);
}

Value RecordContext::fieldValue(const QString &name) const
{
    const int scope = m_chain.isEmpty() ? -1 : m_chain.last();
    const auto resolved = m_index.resolve(name, scope);
    if (resolved.field < 0)
        return Value();
    const IndexedField &target = m_index.at(resolved.field);
    QList<int> chain = m_index.repeatChain(target.repeat);
    if (target.definition->type == FieldType::Repeat)
        chain.append(resolved.field);
    // The instances shared with the current position; a repeat's own instances are all
    // counted, even from inside one of them.
    const qsizetype shareable =
        target.definition->type == FieldType::Repeat ? chain.size() - 1 : chain.size();
    qsizetype common = 0;
    while (common < shareable && common < m_chain.size() && common < m_instances.size() &&
           chain.at(common) == m_chain.at(common))
        ++common;
    const QJsonObject object = scopeObject(common);
    if (resolved.reach == FormIndex::Reach::Single)
        return FieldValue::toExpressionValue(*target.definition,
                                             object.value(target.definition->name));
    QList<Value> nodes;
    collect(object, chain, common, target, nodes);
    return Value::fromNodeSet(nodes);
}

Value RecordContext::currentValue() const
{
    if (m_field < 0)
        return Value();
    const FieldDefinition &definition = *m_index.at(m_field).definition;
    return FieldValue::toExpressionValue(definition,
                                         scopeObject(m_instances.size()).value(definition.name));
}

int RecordContext::position() const
{
    return m_instances.isEmpty() ? 0 : m_instances.last() + 1;
}

Value RecordContext::indexedValue(const QString &field, const QStringList &repeats,
                                  const QList<int> &positions) const
{
    // FormChecker made sure the repeats are the last ones of the chain holding the field and
    // that the ones before are the current scope's.
    const int scope = m_chain.isEmpty() ? -1 : m_chain.last();
    const auto resolved = m_index.resolve(field, scope);
    if (resolved.field < 0 || repeats.size() != positions.size())
        return Value();
    const IndexedField &target = m_index.at(resolved.field);
    const QList<int> chain = m_index.repeatChain(target.repeat);
    const qsizetype implied = chain.size() - repeats.size();
    if (implied < 0 || implied > m_instances.size())
        return Value();
    QJsonObject object = scopeObject(implied);
    for (qsizetype j = 0; j < repeats.size(); ++j) {
        const FieldDefinition &repeat = *m_index.at(chain.at(implied + j)).definition;
        if (repeat.name != repeats.at(j))
            return Value();
        const QJsonArray instances = object.value(repeat.name).toArray();
        const int i = positions.at(j) - 1;
        if (i < 0 || i >= instances.size())
            return Value();
        object = instances.at(i).toObject();
    }
    return FieldValue::toExpressionValue(*target.definition, object.value(target.definition->name));
}

QDateTime RecordContext::now() const
{
    return m_now.isValid() ? m_now : EvalContext::now();
}

} // namespace outpost
