// Reads and writes values inside a record's nested values by scope: the repeat chain from
// the FormIndex and the 0-based instance in each repeat.
#pragma once

#include "formindex.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace outpost {

class RecordPath
{
public:
    // Sets (or, with an Undefined value, removes) `name` in the scope object reached through
    // `chain` (repeat field indices) and `instances`. Does nothing if an instance is missing.
    static void set(const FormIndex &index, QJsonObject &values, const QList<int> &chain,
                    const QList<int> &instances, const QString &name, const QJsonValue &value);
};

} // namespace outpost
