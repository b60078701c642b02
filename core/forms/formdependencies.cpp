#include "formdependencies.h"

#include <QStringList>

namespace outpost {

namespace {

QList<QList<int>> edges(const FormIndex &index)
{
    QList<QList<int>> out(index.fields().size());
    for (int i = 0; i < index.fields().size(); ++i) {
        const IndexedField &entry = index.at(i);
        for (const Expression *expression :
             {&entry.definition->relevant, &entry.definition->calculation,
              &entry.definition->repeatCount}) {
            if (expression->isEmpty())
                continue;
            if (expression->usesCurrentValue())
                out[i].append(i);
            for (const ExpressionReference &reference : expression->references()) {
                const auto resolved = index.resolve(reference.name, entry.repeat);
                if (resolved.field >= 0 && !out[i].contains(resolved.field))
                    out[i].append(resolved.field);
            }
        }
    }
    return out;
}

} // namespace

Result<QList<int>> FormDependencies::calculationOrder(const FormIndex &index)
{
    const QList<QList<int>> dependsOn = edges(index);
    enum class Mark
    {
        None,
        Active,
        Done
    };
    QList<Mark> marks(dependsOn.size(), Mark::None);
    QList<int> order; // post-order: dependencies first
    // Iterative depth-first search: forms may have thousands of fields.
    struct Frame
    {
        int node;
        qsizetype next;
    };
    for (int start = 0; start < dependsOn.size(); ++start) {
        if (marks[start] != Mark::None)
            continue;
        QList<Frame> stack{{start, 0}};
        marks[start] = Mark::Active;
        while (!stack.isEmpty()) {
            Frame &top = stack.last();
            if (top.next < dependsOn[top.node].size()) {
                const int next = dependsOn[top.node][top.next++];
                if (marks[next] == Mark::Active) {
                    QStringList cycle;
                    qsizetype from = 0;
                    while (stack[from].node != next)
                        ++from;
                    for (qsizetype i = from; i < stack.size(); ++i)
                        cycle.append(index.at(stack[i].node).path);
                    cycle.append(index.at(next).path);
                    return Error::permanentError(
                        QStringLiteral("invalid_form"),
                        QStringLiteral("field \"%1\": relevance/calculation cycle: %2")
                            .arg(index.at(next).path, cycle.join(QStringLiteral(" -> "))));
                }
                if (marks[next] == Mark::None) {
                    marks[next] = Mark::Active;
                    stack.append({next, 0});
                }
                continue;
            }
            marks[top.node] = Mark::Done;
            if (index.at(top.node).definition->type == FieldType::Calculate)
                order.append(top.node);
            stack.removeLast();
        }
    }
    return order;
}

} // namespace outpost
