#include "recordvalues.h"

#include <QJsonArray>
#include <QList>
#include <QRegularExpression>

namespace outpost::ui {

namespace {

struct Step
{
    QString name;
    int instance = -1; // 0-based; -1: the member itself
};

QList<Step> parse(const QString &path)
{
    static const QRegularExpression kStep(QStringLiteral("^([^\\[\\]]+)(?:\\[(\\d+)\\])?$"));
    QList<Step> steps;
    for (const QString &part : path.split(QLatin1Char('.'))) {
        const auto match = kStep.match(part);
        if (!match.hasMatch())
            return {};
        Step step{match.captured(1)};
        if (match.hasCaptured(2))
            step.instance = match.captured(2).toInt() - 1;
        steps.append(step);
    }
    return steps;
}

QJsonValue getIn(const QJsonObject &object, const QList<Step> &steps, qsizetype at)
{
    const Step &step = steps.at(at);
    const QJsonValue member = object.value(step.name);
    QJsonValue here = member;
    if (step.instance >= 0) {
        const QJsonArray array = member.toArray();
        if (!member.isArray() || step.instance >= array.size())
            return QJsonValue::Undefined;
        here = array.at(step.instance);
    }
    if (at + 1 == steps.size())
        return here;
    return here.isObject() ? getIn(here.toObject(), steps, at + 1) : QJsonValue::Undefined;
}

bool setIn(QJsonObject &object, const QList<Step> &steps, qsizetype at, const QJsonValue &value)
{
    const Step &step = steps.at(at);
    const bool last = at + 1 == steps.size();
    if (step.instance < 0) {
        if (last) {
            if (value.isUndefined())
                object.remove(step.name);
            else
                object.insert(step.name, value);
            return true;
        }
        return false; // only repeat instances hold scopes
    }
    QJsonArray array = object.value(step.name).toArray();
    if (step.instance >= array.size())
        return false;
    if (last) {
        if (value.isUndefined())
            array.removeAt(step.instance);
        else
            array.replace(step.instance, value);
    } else {
        QJsonObject inner = array.at(step.instance).toObject();
        if (!setIn(inner, steps, at + 1, value))
            return false;
        array.replace(step.instance, inner);
    }
    object.insert(step.name, array);
    return true;
}

} // namespace

QJsonValue RecordValues::get(const QJsonObject &values, const QString &path)
{
    const QList<Step> steps = parse(path);
    return steps.isEmpty() ? QJsonValue(QJsonValue::Undefined) : getIn(values, steps, 0);
}

bool RecordValues::set(QJsonObject &values, const QString &path, const QJsonValue &value)
{
    const QList<Step> steps = parse(path);
    return !steps.isEmpty() && setIn(values, steps, 0, value);
}

QString RecordValues::definitionPath(const QString &recordPath)
{
    static const QRegularExpression kInstance(QStringLiteral("\\[\\d+\\]"));
    QString path = recordPath;
    return path.remove(kInstance);
}

} // namespace outpost::ui
