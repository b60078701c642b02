// Reads and writes one value inside a record's nested values by record path
// ("household_size", "members[2].age", "plots[1].crops[3]"; 1-based instances, as
// FieldStates and Validator name them). Value-only helpers; any thread.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace outpost::ui {

class RecordValues
{
public:
    // The value at `path`; Undefined when a member or an instance on the way is missing.
    static QJsonValue get(const QJsonObject &values, const QString &path);
    // Sets the value at `path`; an Undefined value removes the member. A path through a
    // missing instance changes nothing and returns false.
    static bool set(QJsonObject &values, const QString &path, const QJsonValue &value);
    // The definition path of a record path: "members[2].age" -> "members.age".
    static QString definitionPath(const QString &recordPath);
};

} // namespace outpost::ui
