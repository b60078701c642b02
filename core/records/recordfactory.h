// Makes new records and repeat instances with the form's defaults applied, each repeat given
// its min_count instances, and calculations computed.
#pragma once

#include "formdefinition.h"
#include "record.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUuid>

namespace outpost {

class RecordFactory
{
public:
    // A new draft of `form`, filled against its version. `now` (UTC) stamps createdAt and
    // updatedAt and is the clock of calculations; invalid: the current time.
    static Record create(const FormDefinition &form, const QDateTime &now = {},
                         const QUuid &id = QUuid::createUuid());

    // The values of a new instance of the repeat at `repeatPath` ("members",
    // "plots.trees"); an empty object if there is no such repeat.
    static QJsonObject newInstance(const FormDefinition &form, const QString &repeatPath);

    // The defaults of a scope's fields (groups flattened), with min_count instances of its
    // repeats.
    static QJsonObject defaults(const QList<FieldDefinition> &fields);
};

} // namespace outpost
