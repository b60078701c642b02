#include "recordwalker.h"

#include "formlimits.h"

#include <QJsonArray>

namespace outpost {

namespace {

void scopeNames(const QList<FieldDefinition> &fields, QStringList &names)
{
    for (const FieldDefinition &field : fields) {
        if (field.type == FieldType::Group)
            scopeNames(field.fields, names);
        else
            names.append(field.name); // notes too: a value there is "unexpected_value"
    }
}

} // namespace

RecordWalker::RecordWalker(const FormIndex &index, const QJsonObject &values, const QDateTime &now)
    : m_index(index), m_values(values), m_context(index, values, now)
{}

void RecordWalker::walk(const std::function<void(const FieldVisit &)> &onField,
                        const std::function<void(const ScopeVisit &)> &onScope)
{
    m_onField = onField;
    m_onScope = onScope;
    walkScope(m_index.form().fields, m_values, QString(), {}, true, -1);
}

void RecordWalker::walkScope(const QList<FieldDefinition> &fields, const QJsonObject &object,
                             const QString &prefix, const QList<int> &instances, bool relevant,
                             int repeat)
{
    if (m_onScope) {
        ScopeVisit scope;
        scope.repeat = repeat;
        scope.pathPrefix = prefix;
        scope.object = object;
        scopeNames(fields, scope.names);
        m_onScope(scope);
    }
    walkFields(fields, object, prefix, instances, relevant);
}

void RecordWalker::walkFields(const QList<FieldDefinition> &fields, const QJsonObject &object,
                              const QString &prefix, const QList<int> &instances, bool relevant)
{
    for (const FieldDefinition &field : fields) {
        FieldVisit visit;
        visit.field = m_index.indexOf(&field);
        visit.definition = &field;
        visit.path = prefix + field.name;
        visit.instances = instances;
        visit.value = field.type == FieldType::Group ? QJsonValue(QJsonValue::Undefined)
                                                     : object.value(field.name);
        m_context.setCurrent(visit.field, instances);
        visit.relevant = relevant;
        if (relevant && !field.relevant.isEmpty()) {
            auto result = field.relevant.evaluateBoolean(m_context);
            if (result)
                visit.relevant = *result;
            else
                visit.relevanceError = result.error().message;
        }
        visit.context = &m_context;
        m_onField(visit);

        if (field.type == FieldType::Group) {
            walkFields(field.fields, object, prefix, instances, visit.relevant);
        } else if (field.type == FieldType::Repeat) {
            const QJsonArray array = visit.value.toArray();
            const qsizetype count = std::min<qsizetype>(array.size(), formlimits::kMaxRepeatCount);
            for (qsizetype i = 0; i < count; ++i) {
                if (!array.at(i).isObject())
                    continue; // the caller reports the instance's type
                QList<int> inner = instances;
                inner.append(static_cast<int>(i));
                walkScope(field.fields, array.at(i).toObject(),
                          QStringLiteral("%1[%2].").arg(visit.path).arg(i + 1), inner,
                          visit.relevant, visit.field);
            }
        }
    }
}

} // namespace outpost
