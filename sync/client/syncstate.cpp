#include "syncstate.h"

namespace outpost {

QJsonObject SyncState::toJson() const
{
    QJsonObject json{
        {QStringLiteral("phase"), syncPhaseName(phase)},
        {QStringLiteral("online"), online},
        {QStringLiteral("pending_ops"), pendingOps},
        {QStringLiteral("rejected_ops"), rejectedOps},
        {QStringLiteral("pending_bytes"), static_cast<double>(pendingBytes)},
        {QStringLiteral("progress_done"), progressDone},
        {QStringLiteral("progress_total"), progressTotal},
        {QStringLiteral("device_id"), deviceId},
    };
    json.insert(QStringLiteral("last_successful_sync"),
                lastSuccessfulSync.isValid()
                    ? QJsonValue(lastSuccessfulSync.toUTC().toString(Qt::ISODateWithMs))
                    : QJsonValue(QJsonValue::Null));
    if (!lastErrorCode.isEmpty())
        json.insert(QStringLiteral("last_error"),
                    QJsonObject{{QStringLiteral("code"), lastErrorCode},
                                {QStringLiteral("message"), lastErrorMessage},
                                {QStringLiteral("permanent"), lastErrorPermanent}});
    if (phase == SyncPhase::WaitingToRetry)
        json.insert(QStringLiteral("retry_in_ms"), static_cast<double>(retryInMs));
    return json;
}

} // namespace outpost
