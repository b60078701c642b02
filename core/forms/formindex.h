// A flat index over a form definition's fields, with each field's scope (the record, or the
// repeat whose instances hold its value) and resolution of ${name} references.
//
// Holds pointers into the FormDefinition it was built from: that definition must outlive the
// index and must not be modified while the index is in use.
#pragma once

#include "formdefinition.h"

#include <QHash>
#include <QList>
#include <QString>

namespace outpost {

struct IndexedField
{
    const FieldDefinition *definition = nullptr;
    int parent = -1; // index of the enclosing group or repeat; -1 at the top
    int repeat = -1; // index of the nearest enclosing repeat (its scope); -1: the record
    QString path;    // enclosing repeats' names and the field's name: "members.age"
};

class FormIndex
{
public:
    explicit FormIndex(const FormDefinition &form);

    const FormDefinition &form() const { return *m_form; }
    const QList<IndexedField> &fields() const { return m_fields; }
    const IndexedField &at(int index) const { return m_fields.at(index); }
    int indexOf(const FieldDefinition *definition) const
    {
        return m_byDefinition.value(definition, -1);
    }
    int indexOfPath(const QString &path) const { return m_byPath.value(path, -1); }

    // The repeats enclosing a scope, outermost first, ending with `repeat` itself ([] for -1).
    QList<int> repeatChain(int repeat) const;

    enum class Reach
    {
        Unknown,   // no field of that name
        Ambiguous, // several fields of that name outside the current scope chain
        Single,    // one value: the field is in the current scope or an enclosing one
        NodeSet,   // many values: the field is a repeat, or lies inside repeat instances that
                   // the current scope is not in
    };
    struct Resolution
    {
        Reach reach = Reach::Unknown;
        int field = -1;
    };
    // Resolves ${name} as seen from `scope` (a repeat's index, or -1 for the record): the
    // innermost enclosing scope that has a field of that name wins; otherwise the one field
    // of that name elsewhere in the form.
    Resolution resolve(const QString &name, int scope) const;

private:
    void add(const QList<FieldDefinition> &fields, int parent, int repeat, const QString &prefix);

    const FormDefinition *m_form;
    QList<IndexedField> m_fields;
    QHash<const FieldDefinition *, int> m_byDefinition;
    QHash<QString, int> m_byPath;
    QHash<QString, QList<int>> m_byName;
};

} // namespace outpost
