// Walks a record along its form definition: every field occurrence in definition order (a
// group or repeat before its children, repeat instances one by one), with its path, value and
// relevance. Shared by validation, field states and calculations.
#pragma once

#include "formindex.h"
#include "recordcontext.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>

namespace outpost {

struct FieldVisit
{
    int field = -1; // index into the FormIndex
    const FieldDefinition *definition = nullptr;
    // Record path: "age", "members[2].age" (1-based instance numbers). A group's path is
    // its name in its scope, although groups hold no value.
    QString path;
    QList<int> instances;   // 0-based instance of each enclosing repeat
    bool relevant = true;   // false when its relevant expression, or an ancestor's, is false
    QString relevanceError; // a runtime error of the relevant expression (then relevant)
    QJsonValue value;       // the member of the scope object (Undefined if absent / group)
    RecordContext *context = nullptr; // set to this field; valid during the callback only
};

struct ScopeVisit
{
    int repeat = -1;    // the repeat whose instance this is; -1 for the record
    QString pathPrefix; // "" or "members[2]."
    QJsonObject object; // the scope's values
    QStringList names;  // the names a scope may hold (value-holding fields, groups flattened)
};

class RecordWalker
{
public:
    // Not owned: index and values must outlive the walker.
    RecordWalker(const FormIndex &index, const QJsonObject &values, const QDateTime &now = {});

    void walk(const std::function<void(const FieldVisit &)> &onField,
              const std::function<void(const ScopeVisit &)> &onScope = {});

private:
    void walkScope(const QList<FieldDefinition> &fields, const QJsonObject &object,
                   const QString &prefix, const QList<int> &instances, bool relevant, int repeat);
    void walkFields(const QList<FieldDefinition> &fields, const QJsonObject &object,
                    const QString &prefix, const QList<int> &instances, bool relevant);

    const FormIndex &m_index;
    const QJsonObject &m_values;
    RecordContext m_context;
    std::function<void(const FieldVisit &)> m_onField;
    std::function<void(const ScopeVisit &)> m_onScope;
};

} // namespace outpost
