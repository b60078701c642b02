// Makes new records and repeat instances: the form's defaults applied, each repeat given its
// min_count instances (or as many as its repeat_count asks for), dynamic defaults evaluated
// once (docs/forms.md, "Defaults"), and calculations computed.
#pragma once

#include "formdefinition.h"
#include "record.h"
#include "recordmetadata.h"
#include "result.h"
#include "timeuuid.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUuid>

#include <optional>

namespace outpost {

class RecordFactory
{
public:
    // A new draft of `form`, filled against its version. `now` is the clock of dynamic
    // defaults and calculations (today() is its date) and, in UTC, stamps createdAt and
    // updatedAt; invalid: the current time. With `metadata`, the metadata fields (start,
    // today, deviceid, username) are filled first, so that defaults may use them.
    static Record create(const FormDefinition &form, const QDateTime &now = {},
                         const QUuid &id = timeOrderedUuid(),
                         const std::optional<MetadataContext> &metadata = std::nullopt);

    // `values` with a new instance at the end of the repeat at `repeatPath`, a record path
    // ("members", "plots[2].crops"): its defaults and dynamic defaults (position(..) is its
    // number), calculations recomputed. Count-driven repeats inside it get their instances
    // from RepeatCounts::follow. Error "not_found" when there is no such repeat (or an
    // instance on the way is missing).
    static Result<QJsonObject> addInstance(const FormDefinition &form, const QJsonObject &values,
                                           const QString &repeatPath, const QDateTime &now = {});

    // The static defaults of a new instance of the repeat at definition path `repeatPath`
    // ("members", "plots.trees"); an empty object if there is no such repeat.
    static QJsonObject newInstance(const FormDefinition &form, const QString &repeatPath);

    // The static defaults of a scope's fields (groups flattened), with min_count instances of
    // its repeats.
    static QJsonObject defaults(const QList<FieldDefinition> &fields);
};

} // namespace outpost
