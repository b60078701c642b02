// Fills a record's metadata fields (FieldDefinition::metadata, from XLSForm's start, end,
// today, deviceid, username): the values the device records by itself. The app and the sync
// engine call it; nothing asks the person for these values.
//
//   values = RecordMetadata::fill(form, values, {now, deviceId, username}, Moment::Created);
#pragma once

#include "formdefinition.h"

#include <QDateTime>
#include <QJsonObject>

namespace outpost {

struct MetadataContext
{
    QDateTime now;    // the device clock, with its UTC offset; invalid: the current time
    QString deviceId; // this device's id
    QString username; // the signed-in person
};

class RecordMetadata
{
public:
    enum class Moment
    {
        Created,   // start, today, deviceid, username, each only if still unanswered
        Finalized, // end, always (the last finalization wins)
    };

    // The values with the form's metadata fields (top level and inside groups) filled for
    // `moment`. Other values are untouched.
    static QJsonObject fill(const FormDefinition &form, QJsonObject values,
                            const MetadataContext &context, Moment moment);
};

} // namespace outpost
