// Changes the store's passphrase off the UI thread: checking the current passphrase and
// deriving the new key each run Argon2id on purpose (about half a second and 64 MiB each),
// and the window must keep painting. The caller first stops every other use of the store
// (the sync engine's connection must be closed: LocalStore::changePassphrase refuses with
// "store_in_use" otherwise; the UI must not call the store until finished()). UI thread only.
#pragma once

#include <QFutureWatcher>
#include <QObject>

#include "localstore.h"

namespace outpost::ui {

class PassphraseChanger : public QObject
{
    Q_OBJECT

public:
    explicit PassphraseChanger(StoreOptions options, QObject *parent = nullptr);
    ~PassphraseChanger() override; // waits for a running change

    bool isRunning() const { return m_watcher.isRunning(); }
    // Checks `current` (a wrong one is "wrong_passphrase" and changes nothing), then rekeys
    // `store` (not owned; untouched by anyone else until finished()) with `next`.
    // Ignored while running.
    void start(LocalStore *store, const QString &current, const QString &next);
    void waitForFinished() { m_watcher.waitForFinished(); }

Q_SIGNALS:
    // error.code empty: changed. Otherwise the store still opens with the old passphrase.
    void finished(const outpost::Error &error);

private:
    StoreOptions m_options;
    QFutureWatcher<Error> m_watcher;
};

} // namespace outpost::ui
