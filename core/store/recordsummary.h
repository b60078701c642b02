// One row of a records list: what a list view shows, without the record's values.
#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

#include "record.h"
#include "syncstatus.h"

namespace outpost {

struct RecordSummary
{
    QUuid id;
    QString formId;
    int formVersion = 0;
    RecordState state = RecordState::Draft;
    SyncStatus syncStatus = SyncStatus::Pending;
    qint64 serverVersion = 0;
    QDateTime updatedAt; // device clock, UTC
    QString displayText; // short label, at most 120 characters
    bool deleted = false;

    bool operator==(const RecordSummary &) const = default;
};

} // namespace outpost
