#include "fieldstates.h"

#include "formindex.h"
#include "offeredchoices.h"
#include "recordpath.h"
#include "recordwalker.h"

namespace outpost {

namespace {

bool evaluate(const Expression &expression, RecordContext &context)
{
    if (expression.isEmpty())
        return false;
    auto result = expression.evaluateBoolean(context);
    return result.ok() && *result;
}

} // namespace

QMap<QString, FieldState> FieldStates::compute(const FormDefinition &form,
                                               const QJsonObject &values, const QDateTime &now)
{
    const FormIndex index(form);
    QMap<QString, FieldState> states;
    RecordWalker(index, values, now).walk([&](const FieldVisit &visit) {
        FieldState state;
        state.relevant = visit.relevant;
        if (visit.relevant) {
            state.required = evaluate(visit.definition->required, *visit.context);
            state.readOnly = evaluate(visit.definition->readOnly, *visit.context);
            if (!visit.definition->choiceFilter.isEmpty()) {
                if (const ChoiceList *list = form.choicesOf(*visit.definition)) {
                    state.filtered = true;
                    state.choices =
                        OfferedChoices::offered(*visit.definition, *list, *visit.context);
                }
            }
        }
        states.insert(visit.path, state);
    });
    return states;
}

QJsonObject FieldStates::pruneNonRelevant(const FormDefinition &form, const QJsonObject &values,
                                          const QDateTime &now)
{
    const FormIndex index(form);
    struct Removal
    {
        QList<int> chain;
        QList<int> instances;
        QString name;
    };
    QList<Removal> removals;
    RecordWalker(index, values, now).walk([&](const FieldVisit &visit) {
        if (visit.relevant || visit.value.isUndefined())
            return;
        // An ancestor already removed takes this value with it; removing twice is harmless.
        removals.append({index.repeatChain(index.at(visit.field).repeat), visit.instances,
                         visit.definition->name});
    });
    QJsonObject pruned = values;
    // Innermost first, so that instance positions stay valid while removing.
    for (auto it = removals.crbegin(); it != removals.crend(); ++it)
        RecordPath::set(index, pruned, it->chain, it->instances, it->name, QJsonValue::Undefined);
    return pruned;
}

} // namespace outpost
