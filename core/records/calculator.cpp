#include "calculator.h"

#include "formdependencies.h"
#include "formindex.h"
#include "recordcontext.h"
#include "recordpath.h"

#include <QJsonArray>

#include <cmath>
#include <functional>

namespace outpost {

namespace {

QJsonValue toJson(const Value &value)
{
    switch (value.type()) {
    case Value::Type::Number:
        return std::isfinite(value.toNumber()) ? QJsonValue(value.toNumber())
                                               : QJsonValue(QJsonValue::Undefined);
    case Value::Type::Boolean:
        return value.toBoolean();
    default: {
        const QString text = value.toString();
        return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
    }
    }
}

// Calls fn with the instance numbers of every scope object reached through `chain`.
void forEachInstance(const FormIndex &index, const QJsonObject &object, const QList<int> &chain,
                     QList<int> &instances, const std::function<void(const QList<int> &)> &fn)
{
    if (instances.size() == chain.size()) {
        fn(instances);
        return;
    }
    const QString name = index.at(chain.at(instances.size())).definition->name;
    const QJsonArray array = object.value(name).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            continue;
        instances.append(static_cast<int>(i));
        forEachInstance(index, array.at(i).toObject(), chain, instances, fn);
        instances.removeLast();
    }
}

} // namespace

QJsonObject Calculator::apply(const FormDefinition &form, const QJsonObject &values,
                              const QDateTime &now)
{
    const FormIndex index(form);
    auto order = FormDependencies::calculationOrder(index);
    if (!order)
        return values;
    QJsonObject result = values;
    for (int field : *order) {
        const IndexedField &entry = index.at(field);
        const QList<int> chain = index.repeatChain(entry.repeat);
        QList<std::pair<QList<int>, QJsonValue>> updates;
        {
            RecordContext context(index, result, now);
            QList<int> instances;
            forEachInstance(index, result, chain, instances, [&](const QList<int> &at) {
                context.setCurrent(field, at);
                auto value = entry.definition->calculation.evaluate(context);
                updates.append({at, value ? toJson(*value) : QJsonValue(QJsonValue::Undefined)});
            });
        }
        for (const auto &[at, value] : updates)
            RecordPath::set(index, result, chain, at, entry.definition->name, value);
    }
    return result;
}

} // namespace outpost
