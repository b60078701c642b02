#include "storeopener.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace outpost::ui {

StoreOpener::StoreOpener(StoreLocation location, StoreOptions options, QObject *parent)
    : QObject(parent), m_location(std::move(location)), m_options(options)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &StoreOpener::onFinished);
}

bool StoreOpener::storeExists() const
{
    return LocalStore::exists(m_location);
}

void StoreOpener::open(const QString &passphrase)
{
    if (m_watcher.isRunning())
        return;
    QThread *uiThread = thread();
    const bool create = !storeExists();
    m_watcher.setFuture(QtConcurrent::run(
        [location = m_location, options = m_options, passphrase, create, uiThread] {
            auto result = std::make_shared<Result<std::unique_ptr<LocalStore>>>(
                create ? LocalStore::create(location, passphrase, options)
                       : LocalStore::unlock(location, passphrase, options));
            // The store was made in a pool thread; it must live in the UI thread.
            if (result->ok())
                (*result)->get()->moveToThread(uiThread);
            return result;
        }));
}

std::unique_ptr<LocalStore> StoreOpener::takeStore()
{
    return std::move(m_store);
}

void StoreOpener::onFinished()
{
    auto result = m_watcher.result();
    if (!result->ok()) {
        Q_EMIT failed(result->error());
        return;
    }
    m_store = std::move(result->value());
    Q_EMIT opened();
}

} // namespace outpost::ui
