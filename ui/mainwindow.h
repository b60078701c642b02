// The app's window: the unlock page until the store is open, then the home page. Locks
// itself (wipes the keys, back to the unlock page) after a period without input.
// UI thread only.
#pragma once

#include <QMainWindow>

#include <memory>

#include "localstore.h"

class QStackedWidget;
class QTimer;

namespace outpost::ui {

class HomePage;
class StoreOpener;
class UnlockPage;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // lockTimeoutMs: idle time before the app locks itself; 0 = never. Milliseconds.
    MainWindow(const StoreLocation &location, const StoreOptions &options, int lockTimeoutMs,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    LocalStore *store() const { return m_store.get(); } // null while locked
    UnlockPage *unlockPage() const { return m_unlockPage; }
    HomePage *homePage() const { return m_homePage; } // null while locked
    void lockNow();

Q_SIGNALS:
    // The store is open (after create or unlock); `created` = it was just made.
    void storeOpened(outpost::LocalStore *store, bool created);
    void locked();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onPassphraseEntered(const QString &passphrase);
    void onOpened();
    void onOpenFailed(const outpost::Error &error);
    void flushStore();

    StoreOpener *m_opener;
    QStackedWidget *m_pages;
    UnlockPage *m_unlockPage;
    HomePage *m_homePage = nullptr;
    QTimer *m_idleTimer;
    std::unique_ptr<LocalStore> m_store;
    bool m_creating = false;
};

} // namespace outpost::ui
