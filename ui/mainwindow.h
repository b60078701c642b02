// The app's window and its flow: connect the device to a server (or work offline) on first
// run, choose or enter the passphrase, then the home page with the always-visible sync
// status. Starts the sync engine (its own thread and store connection) once the store is
// open, stops it on lock. Locks itself (wipes the keys) after a period without input.
// UI thread only.
#pragma once

#include <QMainWindow>

#include <memory>
#include <optional>

#include "appsettings.h"
#include "attachmenttransfer.h"
#include "localstore.h"
#include "syncconfig.h"
#include "syncstate.h"
#include "unlockattempts.h"

class QStackedWidget;
class QTimer;

namespace outpost {
class SyncController;
}

namespace outpost::ui {

class EnrollPage;
class HomePage;
class PassphraseChanger;
class SettingsPage;
class StoreOpener;
class SyncStatusBar;
class UnlockPage;
class UploadsPage;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // lockTimeoutMs: idle time before the app locks itself; 0 = never. Milliseconds.
    MainWindow(const StoreLocation &location, const StoreOptions &options, int lockTimeoutMs,
               const SyncConfig &syncConfig = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    LocalStore *store() const { return m_store.get(); }   // null while locked
    SyncController *sync() const { return m_sync.get(); } // null while locked
    EnrollPage *enrollPage() const { return m_enrollPage; }
    UnlockPage *unlockPage() const { return m_unlockPage; }
    HomePage *homePage() const { return m_homePage; }             // null while locked
    SyncStatusBar *syncStatusBar() const { return m_statusBar; }  // null while locked
    SettingsPage *settingsPage() const { return m_settingsPage; } // null unless shown
    UploadsPage *uploadsPage() const { return m_uploadsPage; }    // null unless shown
    // The uploads view (every attachment transfer; pause / resume / retry); null while locked.
    UploadsPage *openUploads();
    QWidget *currentPage() const;
    void lockNow(); // waits for a running passphrase change to finish first
    // The settings screen (its choices reach the engine at once); null while locked.
    SettingsPage *openSettings();
    const AppSettings &settings() const { return m_settings; }
    int lockTimeoutMs() const; // the idle lock now in force; 0 = never
    // The About box's text: product, version (from the CMake project version), what it is.
    static QString aboutText();

Q_SIGNALS:
    // The store is open (after create or unlock); `created` = it was just made.
    void storeOpened(outpost::LocalStore *store, bool created);
    void homeShown();
    void locked();
    void passphraseChanged(bool ok); // the settings' change finished (sync runs again)
    void signedOut();                // tokens cleared, keys wiped, sign-in page shown
    // After signedOut(): whether the server ended the device's tokens too (best effort;
    // false when offline or refused: they expire there). Not emitted without a token.
    void signedOutAtServer(bool ok);
    void deviceWiped(); // this account's files are gone; first-run page shown

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct PendingEnroll
    {
        QString serverUrl, username, password, deviceName;
    };

    void onEnrollRequested(const QString &serverUrl, const QString &username,
                           const QString &password, const QString &deviceName);
    void onOfflineRequested();
    void onPassphraseEntered(const QString &passphrase);
    void onOpened();
    void onOpenFailed(const outpost::Error &error);
    void onEnrollFinished(const QString &errorCode, const QString &message);
    void onSyncState(const outpost::SyncState &state);
    void onCycleFinished();
    void onWiped();
    void onSignInRequested();
    void startEnroll(PendingEnroll enroll);
    void startSync();
    void showHome();
    void closeHome();  // the home page (its editor saves) and the status bar go
    void closeStore(); // closeHome, stop the engine, flush, wipe the keys
    void flushStore();
    void applySettings(const AppSettings &settings);
    void changePassphrase(const QString &current, const QString &next);
    void onPassphraseChanged(const outpost::Error &error);
    void signOut();
    void wipeDevice();
    void restartIdleTimer();
    void onTransfers(const QList<outpost::AttachmentTransfer> &transfers);
    void closeSidePages(); // settings and uploads go (later: one may be emitting)

    StoreOpener *m_opener;
    StoreOptions m_storeOptions;
    UnlockAttempts m_attempts;
    PassphraseChanger *m_passphraseChanger;
    SyncConfig m_syncConfig; // as given; the person's settings go on top (AppSettings)
    int m_defaultLockTimeoutMs;
    AppSettings m_settings;
    QStackedWidget *m_pages;
    EnrollPage *m_enrollPage;
    UnlockPage *m_unlockPage;
    QWidget *m_home = nullptr;              // status bar + home page; null while locked
    HomePage *m_homePage = nullptr;         // child of m_home
    SyncStatusBar *m_statusBar = nullptr;   // child of m_home
    SettingsPage *m_settingsPage = nullptr; // in m_pages while shown
    UploadsPage *m_uploadsPage = nullptr;   // in m_pages while shown
    QList<AttachmentTransfer> m_transfers;  // the engine's last list
    QTimer *m_idleTimer;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncController> m_sync;
    std::optional<PendingEnroll> m_pendingEnroll; // typed before the store existed
    bool m_offlineChosen = false;
    bool m_creating = false;
    bool m_changingPassphrase = false; // the store belongs to the PassphraseChanger
    QStringList m_shownForms;          // "id/version" of the forms the home page lists
};

} // namespace outpost::ui
