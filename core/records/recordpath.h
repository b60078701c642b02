// Reads and writes values inside a record's nested values by scope: the repeat chain from
// the FormIndex and the 0-based instance in each repeat.
#pragma once

#include "formindex.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

#include <optional>

namespace outpost {

class RecordPath
{
public:
    // Sets (or, with an Undefined value, removes) `name` in the scope object reached through
    // `chain` (repeat field indices) and `instances`. Does nothing if an instance is missing.
    static void set(const FormIndex &index, QJsonObject &values, const QList<int> &chain,
                    const QList<int> &instances, const QString &name, const QJsonValue &value);
    // The value of `name` there; Undefined if an instance or the member is missing.
    static QJsonValue get(const FormIndex &index, const QJsonObject &values,
                          const QList<int> &chain, const QList<int> &instances,
                          const QString &name);

    // A record path ("plots[2].crops", "members[1].age") split into its definition path
    // ("plots.crops") and the 0-based instance of each repeat named with [n]; nullopt if it
    // is not a record path.
    struct Parsed
    {
        QString definitionPath;
        QList<int> instances;
    };
    static std::optional<Parsed> parse(const QString &recordPath);
};

} // namespace outpost
