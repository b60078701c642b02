#include "repeatcounts.h"

#include "calculator.h"
#include "dynamicdefaults.h"
#include "fieldvalue.h"
#include "formindex.h"
#include "recordfactory.h"
#include "recordpath.h"
#include "recordwalker.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <optional>

namespace outpost {

namespace {

// Each round fixes one repeat (all its instances at once), so a record with more count-driven
// repeat occurrences than this is left partly unfollowed rather than looping for long.
constexpr int kMaxRounds = 2000;

struct Mismatch
{
    QString path;
    int field = -1;
    QList<int> instances; // of the repeats around it
    int want = 0;
};

} // namespace

Result<int> RepeatCounts::expected(const FieldDefinition &repeat, const EvalContext &context)
{
    auto value = repeat.repeatCount.evaluate(context);
    if (!value)
        return value.error();
    const double n = std::trunc(value->toNumber());
    if (std::isnan(n) || n < 0)
        return 0;
    return static_cast<int>(std::min(n, 1e9));
}

QJsonObject RepeatCounts::follow(const FormDefinition &form, const QJsonObject &values,
                                 const QDateTime &now, InstanceStash *stash, int maxInstances)
{
    const FormIndex index(form);
    const bool any =
        std::any_of(index.fields().cbegin(), index.fields().cend(),
                    [](const IndexedField &f) { return f.definition->hasRepeatCount(); });
    if (!any)
        return values;
    QJsonObject result = values;
    for (int round = 0; round < kMaxRounds; ++round) {
        std::optional<Mismatch> found;
        RecordWalker(index, result, now).walk([&](const FieldVisit &visit) {
            if (found || !visit.relevant || !visit.definition->hasRepeatCount())
                return;
            if (!visit.value.isArray() && !FieldValue::isEmpty(visit.value))
                return; // malformed: validation says so
            const auto want = expected(*visit.definition, *visit.context);
            if (!want)
                return;
            const int bounded = std::min(*want, maxInstances);
            if (visit.value.toArray().size() != bounded)
                found = Mismatch{visit.path, visit.field, visit.instances, bounded};
        });
        if (!found)
            break;
        const IndexedField &entry = index.at(found->field);
        const QList<int> chain = index.repeatChain(entry.repeat);
        QJsonArray array =
            RecordPath::get(index, result, chain, found->instances, entry.definition->name)
                .toArray();
        QList<int> fresh;
        if (array.size() > found->want) {
            QList<QJsonObject> removed;
            while (array.size() > found->want) {
                removed.prepend(array.last().toObject());
                array.removeLast();
            }
            if (stash)
                (*stash)[found->path] = removed + stash->value(found->path);
        } else {
            while (array.size() < found->want) {
                QList<QJsonObject> *kept = stash ? &(*stash)[found->path] : nullptr;
                if (kept && !kept->isEmpty()) {
                    array.append(kept->takeFirst());
                } else {
                    fresh.append(static_cast<int>(array.size()));
                    array.append(RecordFactory::defaults(entry.definition->fields));
                }
            }
            if (stash && stash->value(found->path).isEmpty())
                stash->remove(found->path);
        }
        RecordPath::set(index, result, chain, found->instances, entry.definition->name,
                        array.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(array));
        result = Calculator::apply(form, result, now);
        QList<int> innerChain = chain;
        innerChain.append(found->field);
        for (int i : std::as_const(fresh)) {
            QList<int> instances = found->instances;
            instances.append(i);
            result = DynamicDefaults::apply(index, result, innerChain, instances, now);
        }
    }
    return result;
}

} // namespace outpost
