// The person's settings for this device account: how often to sync, whether attachments may
// upload on a metered network, and the idle lock. Kept in the encrypted store's sync state
// (keys "settings.*"), per account, never in a clear file: nobody with the disk alone can
// read or weaken them (e.g. switch the idle lock off). Read after unlock, which is the only
// time they matter. Value type; UI thread (it reads and writes the UI's store connection).
#pragma once

#include "result.h"
#include "syncconfig.h"

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

struct AppSettings
{
    int syncIntervalMinutes = 15; // periodic sync; 0 = only after changes and "Sync now"
    bool uploadOnMetered = false; // attachment bytes on a metered network
    int lockAfterMinutes = 5;     // idle lock; 0 = never

    bool operator==(const AppSettings &) const = default;

    // The stored settings; each one never saved keeps its value from `defaults`.
    static AppSettings load(const LocalStore &store, const AppSettings &defaults);
    // The person saved settings on this account at least once (until then the app keeps the
    // values it was started with, e.g. --lock-after).
    static bool isSaved(const LocalStore &store);
    Status save(LocalStore &store) const;
    // `base` with this person's choices in it (periodicMs, uploadAttachmentsOnMetered).
    SyncConfig applyTo(SyncConfig base) const;
    int lockAfterMs() const { return lockAfterMinutes * 60 * 1000; }

    // The choices the settings screen offers, in minutes.
    static const QList<int> &syncIntervalChoices();
    static const QList<int> &lockAfterChoices();
};

} // namespace outpost::ui
