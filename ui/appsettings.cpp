#include "appsettings.h"

#include <QList>

#include "localstore.h"

namespace outpost::ui {

namespace {

const QString kSyncIntervalKey = QStringLiteral("settings.sync_interval_minutes");
const QString kUploadOnMeteredKey = QStringLiteral("settings.upload_on_metered");
const QString kLockAfterKey = QStringLiteral("settings.lock_after_minutes");
constexpr int kMaxMinutes = 24 * 60;

// A stored number of minutes in [0, kMaxMinutes]; `fallback` when absent or garbled.
int minutes(const LocalStore &store, const QString &key, int fallback)
{
    const QString text = store.syncState(key).valueOr({});
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok && value >= 0 && value <= kMaxMinutes ? value : fallback;
}

} // namespace

AppSettings AppSettings::load(const LocalStore &store, const AppSettings &defaults)
{
    AppSettings settings;
    settings.syncIntervalMinutes = minutes(store, kSyncIntervalKey, defaults.syncIntervalMinutes);
    settings.lockAfterMinutes = minutes(store, kLockAfterKey, defaults.lockAfterMinutes);
    const QString metered = store.syncState(kUploadOnMeteredKey).valueOr({});
    settings.uploadOnMetered =
        metered.isEmpty() ? defaults.uploadOnMetered : metered == QStringLiteral("1");
    return settings;
}

bool AppSettings::isSaved(const LocalStore &store)
{
    return !store.syncState(kLockAfterKey).valueOr({}).isEmpty();
}

Status AppSettings::save(LocalStore &store) const
{
    if (syncIntervalMinutes < 0 || syncIntervalMinutes > kMaxMinutes || lockAfterMinutes < 0 ||
        lockAfterMinutes > kMaxMinutes)
        return Error::permanentError(
            QStringLiteral("invalid_argument"),
            QStringLiteral("minutes must be between 0 and %1").arg(kMaxMinutes));
    if (auto saved = store.setSyncState(kSyncIntervalKey, QString::number(syncIntervalMinutes));
        !saved)
        return saved;
    if (auto saved = store.setSyncState(kUploadOnMeteredKey, uploadOnMetered ? QStringLiteral("1")
                                                                             : QStringLiteral("0"));
        !saved)
        return saved;
    return store.setSyncState(kLockAfterKey, QString::number(lockAfterMinutes));
}

SyncConfig AppSettings::applyTo(SyncConfig base) const
{
    base.periodicMs = syncIntervalMinutes * 60 * 1000;
    base.uploadAttachmentsOnMetered = uploadOnMetered;
    return base;
}

const QList<int> &AppSettings::syncIntervalChoices()
{
    static const QList<int> choices{5, 15, 30, 60, 0};
    return choices;
}

const QList<int> &AppSettings::lockAfterChoices()
{
    static const QList<int> choices{1, 2, 5, 10, 30, 0};
    return choices;
}

} // namespace outpost::ui
