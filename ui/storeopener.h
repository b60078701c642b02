// Creates or unlocks the local store off the UI thread: deriving the key with Argon2id takes
// about half a second on purpose, and the window must keep painting meanwhile.
// The store it hands back lives in the UI thread. UI thread only.
#pragma once

#include <QFutureWatcher>
#include <QObject>

#include <memory>

#include "localstore.h"

namespace outpost::ui {

class StoreOpener : public QObject
{
    Q_OBJECT

public:
    explicit StoreOpener(StoreLocation location, StoreOptions options = {},
                         QObject *parent = nullptr);

    bool storeExists() const;
    bool isRunning() const { return m_watcher.isRunning(); }
    // Starts creating (no store yet) or unlocking (store exists). Ignored while running.
    void open(const QString &passphrase);
    // Takes the store once opened() was emitted; the caller owns it.
    std::unique_ptr<LocalStore> takeStore();

Q_SIGNALS:
    void opened();
    void failed(const outpost::Error &error);

private:
    void onFinished();

    StoreLocation m_location;
    StoreOptions m_options;
    // shared_ptr: QFuture needs a copyable result type.
    QFutureWatcher<std::shared_ptr<Result<std::unique_ptr<LocalStore>>>> m_watcher;
    std::unique_ptr<LocalStore> m_store;
};

} // namespace outpost::ui
