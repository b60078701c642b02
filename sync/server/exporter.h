// Export of a form's current records (tombstones left out): CSV (one column per field, in
// first-seen order; non-scalar values as compact JSON) and GeoJSON (a Feature per record
// with a {lat, lon} value, at its first geopoint field).
#pragma once

#include <QByteArray>

#include "result.h"

namespace outpost {

class ServerStore;

class Exporter
{
public:
    // format: "csv" or "geojson". orgId limits the export to one organisation.
    static Result<QByteArray> exportForm(ServerStore *store, qint64 orgId, const QString &formId,
                                         const QString &format);
};

} // namespace outpost
