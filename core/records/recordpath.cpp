#include "recordpath.h"

#include <QJsonArray>

namespace outpost {

namespace {

bool setAt(const FormIndex &index, QJsonObject &object, const QList<int> &chain,
           const QList<int> &instances, qsizetype level, const QString &name,
           const QJsonValue &value)
{
    if (level == chain.size() || level == instances.size()) {
        if (value.isUndefined())
            object.remove(name);
        else
            object.insert(name, value);
        return true;
    }
    const QString repeatName = index.at(chain.at(level)).definition->name;
    QJsonArray array = object.value(repeatName).toArray();
    const int i = instances.at(level);
    if (i < 0 || i >= array.size() || !array.at(i).isObject())
        return false;
    QJsonObject instance = array.at(i).toObject();
    if (!setAt(index, instance, chain, instances, level + 1, name, value))
        return false;
    array.replace(i, instance);
    object.insert(repeatName, array);
    return true;
}

} // namespace

void RecordPath::set(const FormIndex &index, QJsonObject &values, const QList<int> &chain,
                     const QList<int> &instances, const QString &name, const QJsonValue &value)
{
    setAt(index, values, chain, instances, 0, name, value);
}

} // namespace outpost
