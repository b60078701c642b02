// The engine's observable state, sent to the UI thread by value (SyncEngine::stateChanged).
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include "syncphase.h"

namespace outpost {

struct SyncState
{
    SyncPhase phase = SyncPhase::NotEnrolled;
    bool online = false;          // the last request reached the server
    int pendingOps = 0;           // outbox operations waiting for the server
    int rejectedOps = 0;          // refused by the server, kept until dismissed
    qint64 pendingBytes = 0;      // attachment bytes not yet uploaded
    QDateTime lastSuccessfulSync; // UTC; invalid if never
    int progressDone = 0;         // ops pushed / records pulled in the current phase
    int progressTotal = -1;       // -1 when unknown
    QString lastErrorCode;        // empty when the last cycle succeeded
    QString lastErrorMessage;
    bool lastErrorPermanent = false;
    qint64 retryInMs = 0; // WaitingToRetry: delay before the next attempt
    QString deviceId;     // empty until enrolled

    bool operator==(const SyncState &) const = default;
    QJsonObject toJson() const;
};

} // namespace outpost

Q_DECLARE_METATYPE(outpost::SyncState)
