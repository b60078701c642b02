#include "recordpath.h"

#include <QJsonArray>
#include <QRegularExpression>

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

QJsonValue RecordPath::get(const FormIndex &index, const QJsonObject &values,
                           const QList<int> &chain, const QList<int> &instances,
                           const QString &name)
{
    QJsonObject object = values;
    for (qsizetype level = 0; level < chain.size() && level < instances.size(); ++level) {
        const QJsonArray array = object.value(index.at(chain.at(level)).definition->name).toArray();
        const int i = instances.at(level);
        if (i < 0 || i >= array.size() || !array.at(i).isObject())
            return QJsonValue::Undefined;
        object = array.at(i).toObject();
    }
    return object.value(name);
}

std::optional<RecordPath::Parsed> RecordPath::parse(const QString &recordPath)
{
    static const QRegularExpression step(QStringLiteral("^([A-Za-z_][A-Za-z0-9_-]*)(?:\\[([1-9]"
                                                        "[0-9]{0,8})\\])?\\z"));
    Parsed parsed;
    QStringList names;
    for (const QString &part : recordPath.split(QLatin1Char('.'))) {
        const auto match = step.match(part);
        if (!match.hasMatch())
            return std::nullopt;
        names.append(match.captured(1));
        if (match.hasCaptured(2))
            parsed.instances.append(match.captured(2).toInt() - 1);
    }
    parsed.definitionPath = names.join(QLatin1Char('.'));
    return parsed;
}

void RecordPath::set(const FormIndex &index, QJsonObject &values, const QList<int> &chain,
                     const QList<int> &instances, const QString &name, const QJsonValue &value)
{
    setAt(index, values, chain, instances, 0, name, value);
}

} // namespace outpost
