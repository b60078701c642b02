#include "formindex.h"

namespace outpost {

FormIndex::FormIndex(const FormDefinition &form) : m_form(&form)
{
    add(form.fields, -1, -1, QString());
}

void FormIndex::add(const QList<FieldDefinition> &fields, int parent, int repeat,
                    const QString &prefix)
{
    for (const FieldDefinition &field : fields) {
        const int index = static_cast<int>(m_fields.size());
        IndexedField entry;
        entry.definition = &field;
        entry.parent = parent;
        entry.repeat = repeat;
        entry.path = prefix + field.name;
        m_fields.append(entry);
        m_byDefinition.insert(&field, index);
        m_byPath.insert(entry.path, index); // the checker reports duplicate paths
        m_byName[field.name].append(index);
        if (field.type == FieldType::Repeat)
            add(field.fields, index, index, entry.path + QLatin1Char('.'));
        else if (field.type == FieldType::Group)
            add(field.fields, index, repeat, prefix);
    }
}

QList<int> FormIndex::repeatChain(int repeat) const
{
    QList<int> chain;
    for (int r = repeat; r >= 0; r = m_fields.at(r).repeat)
        chain.prepend(r);
    return chain;
}

FormIndex::Resolution FormIndex::resolve(const QString &name, int scope) const
{
    const auto it = m_byName.constFind(name);
    if (it == m_byName.constEnd())
        return {};
    // Innermost enclosing scope first.
    const QList<int> chain = repeatChain(scope);
    for (qsizetype level = chain.size(); level >= 0; --level) {
        const int scopeAtLevel = level == 0 ? -1 : chain.at(level - 1);
        for (int candidate : *it) {
            if (m_fields.at(candidate).repeat == scopeAtLevel) {
                const bool repeat = m_fields.at(candidate).definition->type == FieldType::Repeat;
                return {repeat ? Reach::NodeSet : Reach::Single, candidate};
            }
        }
    }
    if (it->size() > 1)
        return {Reach::Ambiguous, -1};
    return {Reach::NodeSet, it->first()};
}

} // namespace outpost
