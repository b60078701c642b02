#include "passphrasechanger.h"

#include <QtConcurrent/QtConcurrentRun>

namespace outpost::ui {

PassphraseChanger::PassphraseChanger(StoreOptions options, QObject *parent)
    : QObject(parent), m_options(options)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this,
            [this] { Q_EMIT finished(m_watcher.result()); });
}

PassphraseChanger::~PassphraseChanger()
{
    m_watcher.waitForFinished();
}

void PassphraseChanger::start(LocalStore *store, const QString &current, const QString &next)
{
    if (m_watcher.isRunning() || !store)
        return;
    m_watcher.setFuture(QtConcurrent::run([store, current, next, options = m_options]() -> Error {
        // The current passphrase must open the store: whoever finds the app unlocked cannot
        // lock its owner out. The check's connection is closed before the rekey.
        if (auto checked = LocalStore::unlock(store->location(), current, options); !checked)
            return checked.error();
        if (auto changed = store->changePassphrase(next); !changed)
            return changed.error();
        return Error{};
    }));
}

} // namespace outpost::ui
