// Where one device account's store lives on disk: the encrypted database, the key-derivation
// parameters file beside it, and the directory of encrypted attachment files. Value type.
#pragma once

#include <QString>

#include "result.h"

namespace outpost {

struct StoreLocation
{
    QString directory; // absolute; holds everything below and nothing else

    QString databasePath() const;         // <directory>/outpost.db (+ -wal, -shm)
    QString keyParamsPath() const;        // <directory>/outpost.keyparams (JSON, no secret)
    QString pendingKeyParamsPath() const; // <directory>/outpost.keyparams.pending (rekey)
    // <directory>/outpost.unlockattempts (JSON, no secret): failed unlocks in a row and when
    // the last one happened, so that a restart does not reset the wait (the app's job).
    QString unlockAttemptsPath() const;
    QString attachmentsDirectory() const; // <directory>/attachments
    QString attachmentPath(const QString &attachmentId) const; // <attachments>/<id>.att

    // The default place for an enrolled account: <AppDataLocation>/accounts/<accountId>, where
    // AppDataLocation is QStandardPaths' (under $XDG_DATA_HOME). The account id must be 1-64
    // characters of [A-Za-z0-9_-] so it can never escape the accounts directory.
    static Result<StoreLocation> forAccount(const QString &accountId);
    // Any directory (tests use temporary ones).
    static StoreLocation inDirectory(const QString &directory);
};

} // namespace outpost
