// Evaluates form expressions against a record's values: ${name} resolves from the current
// field's scope outward (inside a repeat, ${sibling} is the same instance's value; fields
// outside are reachable; fields inside other repeat instances come as node-sets).
//
// Not owned: the index (and its form) and the values must outlive the context.
#pragma once

#include "evalcontext.h"
#include "formindex.h"

#include <QJsonObject>
#include <QList>

namespace outpost {

class RecordContext : public EvalContext
{
public:
    // `now` fixes the clock for today() / now(); invalid: the real clock.
    RecordContext(const FormIndex &index, const QJsonObject &values, const QDateTime &now = {});

    // The field whose expressions are evaluated next, and the 0-based instance of each repeat
    // enclosing it (outermost first; as many as index.repeatChain(field's scope) has).
    void setCurrent(int field, const QList<int> &instances);

    Value fieldValue(const QString &name) const override;
    Value currentValue() const override;
    int position() const override;
    QDateTime now() const override;
    Value indexedValue(const QString &field, const QStringList &repeats,
                       const QList<int> &positions) const override;

private:
    QJsonObject scopeObject(qsizetype levels) const;
    void collect(const QJsonObject &object, const QList<int> &chain, qsizetype level,
                 const IndexedField &target, QList<Value> &out) const;

    const FormIndex &m_index;
    const QJsonObject &m_values;
    QDateTime m_now;
    int m_field = -1;
    QList<int> m_chain;     // repeats enclosing the current field, outermost first
    QList<int> m_instances; // 0-based instance in each of them
};

} // namespace outpost
