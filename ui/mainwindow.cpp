#include "mainwindow.h"

#include <QApplication>
#include <QEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "credentials.h"
#include "demoforms.h"
#include "enrollpage.h"
#include "homepage.h"
#include "outpost/version.h"
#include "passphrasechanger.h"
#include "recordlistmodel.h"
#include "serversignout.h"
#include "settingspage.h"
#include "storeopener.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "uilogging.h"
#include "unlockpage.h"
#include "uploadspage.h"

namespace outpost::ui {

namespace {

// Sync state key: the person chose to work without a server (demo forms).
const QString kOfflineModeKey = QStringLiteral("app.offline_mode");
// Sync state key: the person signed out; only signing in again opens the home page.
const QString kSignedOutKey = QStringLiteral("app.signed_out");

QString enrollErrorText(const QString &code, const QString &message)
{
    if (code == QStringLiteral("bad_credentials"))
        return MainWindow::tr("The user name or password is not right.");
    if (code == QStringLiteral("network_error"))
        return MainWindow::tr("The server cannot be reached. Check the address and the "
                              "network, then try again. (%1)")
            .arg(message);
    return MainWindow::tr("Signing in failed: %1").arg(message);
}

} // namespace

MainWindow::MainWindow(const StoreLocation &location, const StoreOptions &options,
                       int lockTimeoutMs, const SyncConfig &syncConfig, QWidget *parent)
    : QMainWindow(parent), m_opener(new StoreOpener(location, options, this)),
      m_storeOptions(options), m_attempts(location),
      m_passphraseChanger(new PassphraseChanger(options, this)), m_syncConfig(syncConfig),
      m_defaultLockTimeoutMs(lockTimeoutMs), m_pages(new QStackedWidget(this)),
      m_enrollPage(new EnrollPage(m_pages)), m_unlockPage(new UnlockPage(m_pages)),
      m_idleTimer(new QTimer(this))
{
    setWindowTitle(QStringLiteral("Outpost"));
    setCentralWidget(m_pages);
    QMenu *menu = menuBar()->addMenu(tr("&Outpost"));
    QAction *lock = menu->addAction(tr("&Lock now"), this, &MainWindow::lockNow);
    lock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *syncNow = menu->addAction(tr("S&ync now"), this, [this] {
        if (m_sync)
            m_sync->syncNow();
    });
    syncNow->setShortcut(QKeySequence::Refresh);
    QAction *uploads = menu->addAction(tr("&Uploads"), this, &MainWindow::openUploads);
    uploads->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    QAction *settings = menu->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setShortcuts({QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    menu->addAction(tr("&About Outpost"), this,
                    [this] { QMessageBox::about(this, tr("About Outpost"), aboutText()); });
    menu->addSeparator();
    menu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    m_pages->addWidget(m_enrollPage);
    m_pages->addWidget(m_unlockPage);
    if (m_opener->storeExists()) {
        m_unlockPage->setMode(UnlockPage::Mode::Unlock);
        m_unlockPage->setFailedAttempts(
            m_attempts.failures(),
            m_attempts.remainingWaitSeconds(QDateTime::currentDateTimeUtc()));
        m_pages->setCurrentWidget(m_unlockPage);
    } else {
        m_pages->setCurrentWidget(m_enrollPage);
    }
    resize(1280, 800);

    m_idleTimer->setSingleShot(true);
    m_idleTimer->setInterval(lockTimeoutMs);
    connect(m_idleTimer, &QTimer::timeout, this, &MainWindow::lockNow);
    qApp->installEventFilter(this);

    connect(m_enrollPage, &EnrollPage::enrollRequested, this, &MainWindow::onEnrollRequested);
    connect(m_enrollPage, &EnrollPage::offlineRequested, this, &MainWindow::onOfflineRequested);
    connect(m_unlockPage, &UnlockPage::passphraseEntered, this, &MainWindow::onPassphraseEntered);
    connect(m_opener, &StoreOpener::opened, this, &MainWindow::onOpened);
    connect(m_opener, &StoreOpener::failed, this, &MainWindow::onOpenFailed);
    connect(m_passphraseChanger, &PassphraseChanger::finished, this,
            &MainWindow::onPassphraseChanged);
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    closeStore();
}

QString MainWindow::aboutText()
{
    return tr("<h3>Outpost %1</h3><p>Offline-first field surveys: everything is saved on this "
              "device, encrypted, and synchronised with your organisation's server when the "
              "network allows.</p><p>Qt %2</p>")
        .arg(QString::fromLatin1(kVersion), QString::fromLatin1(qVersion()));
}

QWidget *MainWindow::currentPage() const
{
    return m_pages->currentWidget();
}

void MainWindow::onEnrollRequested(const QString &serverUrl, const QString &username,
                                   const QString &password, const QString &deviceName)
{
    PendingEnroll enroll{serverUrl, username, password, deviceName};
    if (m_store) { // signing in again, or enrolling a store that is open already
        startEnroll(std::move(enroll));
        return;
    }
    // First run: the passphrase comes next; the sign-in runs once the store exists.
    m_pendingEnroll = std::move(enroll);
    m_offlineChosen = false;
    m_enrollPage->setBusy(false);
    // After signing out the store exists: unlock it, then sign in.
    m_unlockPage->setMode(m_opener->storeExists() ? UnlockPage::Mode::Unlock
                                                  : UnlockPage::Mode::Create);
    m_pages->setCurrentWidget(m_unlockPage);
}

void MainWindow::onOfflineRequested()
{
    m_pendingEnroll.reset();
    m_offlineChosen = true;
    if (m_store) {
        if (auto saved = m_store->setSyncState(kOfflineModeKey, QStringLiteral("1")); !saved)
            qCWarning(lcUi) << "cannot remember offline mode:" << saved.error().message;
        if (auto installed = installDemoForms(*m_store); !installed)
            qCWarning(lcUi) << "demo forms:" << installed.error().message;
        showHome();
        return;
    }
    m_unlockPage->setMode(UnlockPage::Mode::Create);
    m_pages->setCurrentWidget(m_unlockPage);
}

void MainWindow::onPassphraseEntered(const QString &passphrase)
{
    m_creating = !m_opener->storeExists();
    m_opener->open(passphrase);
}

void MainWindow::onOpened()
{
    m_store = m_opener->takeStore();
    m_attempts.reset();
    m_unlockPage->setFailedAttempts(0, 0);
    m_unlockPage->setBusy(false);
    m_unlockPage->clear();
    // The person's settings (if they ever saved some) go over what the app was started with.
    const AppSettings started{m_syncConfig.periodicMs / 60000,
                              m_syncConfig.uploadAttachmentsOnMetered,
                              m_defaultLockTimeoutMs / 60000};
    m_settings = AppSettings::load(*m_store, started);
    m_idleTimer->setInterval(AppSettings::isSaved(*m_store) ? m_settings.lockAfterMs()
                                                            : m_defaultLockTimeoutMs);
    Q_EMIT storeOpened(m_store.get(), m_creating);
    startSync();

    if (m_creating && m_offlineChosen) {
        onOfflineRequested();
        return;
    }
    if (m_pendingEnroll) {
        PendingEnroll enroll = std::move(*m_pendingEnroll);
        m_pendingEnroll.reset();
        startEnroll(std::move(enroll));
        return;
    }
    auto credentials = Credentials::load(*m_store);
    const bool enrolled = credentials.ok() && credentials->isEnrolled();
    const bool offline = m_store->syncState(kOfflineModeKey).valueOr({}) == QStringLiteral("1");
    const bool signedOut = m_store->syncState(kSignedOutKey).valueOr({}) == QStringLiteral("1");
    if (signedOut && credentials.ok()) {
        m_enrollPage->setBusy(false);
        m_enrollPage->setReenroll(credentials->serverUrl.toString(), credentials->username,
                                  tr("You signed out on this device."));
        m_pages->setCurrentWidget(m_enrollPage);
    } else if (enrolled || offline || (credentials.ok() && !credentials->deviceId.isNull())) {
        showHome(); // a server that wants a new sign-in is offered from the status bar
    } else {
        m_enrollPage->setBusy(false);
        m_pages->setCurrentWidget(m_enrollPage); // created, but never signed in
    }
}

void MainWindow::startSync()
{
    // The sync engine gets its own connection (same key, no second Argon2id run).
    auto connection = m_store->openConnection();
    if (!connection) {
        qCWarning(lcUi) << "sync disabled: no second store connection:"
                        << connection.error().message;
        return;
    }
    const SyncConfig config =
        AppSettings::isSaved(*m_store) ? m_settings.applyTo(m_syncConfig) : m_syncConfig;
    m_sync = std::make_unique<SyncController>(std::move(*connection), config);
    connect(m_sync.get(), &SyncController::stateChanged, this, &MainWindow::onSyncState);
    connect(m_sync.get(), &SyncController::enrollFinished, this, &MainWindow::onEnrollFinished);
    connect(m_sync.get(), &SyncController::cycleFinished, this, &MainWindow::onCycleFinished);
    connect(m_sync.get(), &SyncController::wiped, this, &MainWindow::onWiped);
    connect(m_sync.get(), &SyncController::transfersChanged, this, &MainWindow::onTransfers);
    // Pulled records reach the search index after the pull: a search shows them now.
    connect(m_sync.get(), &SyncController::searchIndexed, this, [this] {
        if (m_homePage)
            m_homePage->recordModel()->reload();
    });
    connect(m_store.get(), &LocalStore::recordsChanged, m_sync.get(),
            &SyncController::notifyLocalChange);
    m_sync->start();
}

void MainWindow::startEnroll(PendingEnroll enroll)
{
    m_enrollPage->setBusy(true);
    m_pages->setCurrentWidget(m_enrollPage);
    if (!m_sync) {
        m_enrollPage->showError(tr("The sync engine could not start."));
        return;
    }
    m_sync->enroll(enroll.serverUrl, enroll.username, enroll.password, enroll.deviceName);
    enroll.password.fill(QLatin1Char('\0')); // best effort: QString copies may remain
}

void MainWindow::onEnrollFinished(const QString &errorCode, const QString &message)
{
    if (!errorCode.isEmpty()) {
        m_enrollPage->showError(enrollErrorText(errorCode, message));
        return;
    }
    m_enrollPage->setBusy(false);
    if (auto cleared = m_store->setSyncState(kSignedOutKey, QString()); !cleared)
        qCWarning(lcUi) << "cannot clear the signed-out mark:" << cleared.error().message;
    showHome();
    m_sync->syncNow(); // the forms arrive with the first pull
}

void MainWindow::showHome()
{
    if (!m_home) {
        m_home = new QWidget(m_pages);
        auto *layout = new QVBoxLayout(m_home);
        layout->setContentsMargins(0, 0, 0, 0);
        m_statusBar = new SyncStatusBar(m_home);
        m_homePage = new HomePage(m_store.get(), m_home);
        layout->addWidget(m_statusBar);
        layout->addWidget(m_homePage, 1);
        m_pages->addWidget(m_home);
        if (m_sync) {
            m_statusBar->setState(m_sync->state());
            m_homePage->setSync(m_sync.get());
            connect(m_statusBar, &SyncStatusBar::syncNowRequested, m_sync.get(),
                    &SyncController::syncNow);
        }
        connect(m_statusBar, &SyncStatusBar::signInRequested, this, &MainWindow::onSignInRequested);
        connect(m_statusBar, &SyncStatusBar::settingsRequested, this, &MainWindow::openSettings);
        connect(m_statusBar, &SyncStatusBar::uploadsRequested, this, &MainWindow::openUploads);
        m_statusBar->setUploadSummary(UploadsPage::summary(m_transfers));
        m_shownForms.clear();
    }
    m_pages->setCurrentWidget(m_home);
    closeSidePages();
    restartIdleTimer();
    Q_EMIT homeShown();
}

void MainWindow::restartIdleTimer()
{
    if (m_idleTimer->interval() > 0 && m_store && !m_changingPassphrase)
        m_idleTimer->start();
    else
        m_idleTimer->stop();
}

int MainWindow::lockTimeoutMs() const
{
    return m_idleTimer->interval();
}

// ---- Settings -------------------------------------------------------------------------------

SettingsPage *MainWindow::openSettings()
{
    if (!m_store || m_changingPassphrase)
        return m_settingsPage;
    if (!m_settingsPage) {
        m_settingsPage = new SettingsPage(m_store.get(), m_settings, m_pages);
        m_pages->addWidget(m_settingsPage);
        connect(m_settingsPage, &SettingsPage::backRequested, this, &MainWindow::showHome);
        connect(m_settingsPage, &SettingsPage::settingsChanged, this, &MainWindow::applySettings);
        connect(m_settingsPage, &SettingsPage::changePassphraseRequested, this,
                &MainWindow::changePassphrase);
        connect(m_settingsPage, &SettingsPage::syncNowRequested, this, [this] {
            if (m_sync)
                m_sync->syncNow();
        });
        connect(m_settingsPage, &SettingsPage::signOutRequested, this, &MainWindow::signOut);
        connect(m_settingsPage, &SettingsPage::wipeRequested, this, &MainWindow::wipeDevice);
    }
    m_pages->setCurrentWidget(m_settingsPage);
    restartIdleTimer();
    return m_settingsPage;
}

void MainWindow::closeSidePages()
{
    for (QWidget *page :
         {static_cast<QWidget *>(m_settingsPage), static_cast<QWidget *>(m_uploadsPage)}) {
        if (page) {
            page->hide();
            page->deleteLater();
        }
    }
    m_settingsPage = nullptr;
    m_uploadsPage = nullptr;
}

UploadsPage *MainWindow::openUploads()
{
    if (!m_store || m_changingPassphrase)
        return m_uploadsPage;
    if (!m_uploadsPage) {
        m_uploadsPage = new UploadsPage(m_pages);
        m_pages->addWidget(m_uploadsPage);
        connect(m_uploadsPage, &UploadsPage::backRequested, this, &MainWindow::showHome);
        const auto forward = [this](void (SyncController::*command)(const QString &)) {
            return [this, command](const QString &attachmentId) {
                if (m_sync)
                    (m_sync.get()->*command)(attachmentId);
            };
        };
        connect(m_uploadsPage, &UploadsPage::pauseRequested, this,
                forward(&SyncController::pauseTransfer));
        connect(m_uploadsPage, &UploadsPage::resumeRequested, this,
                forward(&SyncController::resumeTransfer));
        connect(m_uploadsPage, &UploadsPage::retryRequested, this,
                forward(&SyncController::retryTransfer));
    }
    m_uploadsPage->setTransfers(m_transfers);
    m_pages->setCurrentWidget(m_uploadsPage);
    restartIdleTimer();
    return m_uploadsPage;
}

void MainWindow::onTransfers(const QList<AttachmentTransfer> &transfers)
{
    m_transfers = transfers;
    if (m_statusBar)
        m_statusBar->setUploadSummary(UploadsPage::summary(transfers));
    if (m_uploadsPage)
        m_uploadsPage->setTransfers(transfers);
}

void MainWindow::applySettings(const AppSettings &settings)
{
    if (!m_store)
        return;
    m_settings = settings;
    if (auto saved = settings.save(*m_store); !saved)
        qCWarning(lcUi) << "cannot save the settings:" << saved.error().message;
    if (m_sync)
        m_sync->setConfig(settings.applyTo(m_syncConfig));
    m_idleTimer->setInterval(settings.lockAfterMs());
    restartIdleTimer();
}

void MainWindow::changePassphrase(const QString &current, const QString &next)
{
    if (!m_store || m_changingPassphrase)
        return;
    // The rekey needs the only connection: the engine stops, the home page (and an open
    // editor, which saves) goes; nothing touches the store until the change finished.
    m_changingPassphrase = true;
    m_idleTimer->stop();
    if (m_settingsPage)
        m_settingsPage->setPassphraseBusy(true);
    closeHome();
    m_sync.reset();
    flushStore();
    m_passphraseChanger->start(m_store.get(), current, next);
}

void MainWindow::onPassphraseChanged(const Error &error)
{
    m_changingPassphrase = false;
    const bool ok = error.code.isEmpty();
    if (m_store)
        startSync();
    if (m_settingsPage) {
        QString message = tr("The passphrase was changed. Use the new one from now on.");
        if (error.code == QStringLiteral("wrong_passphrase"))
            message = tr("The current passphrase is not right. Nothing was changed.");
        else if (!ok)
            message = tr("The passphrase could not be changed: %1 Nothing was changed.")
                          .arg(error.message);
        m_settingsPage->showPassphraseResult(ok, message);
    }
    restartIdleTimer();
    Q_EMIT passphraseChanged(ok);
}

void MainWindow::signOut()
{
    if (!m_store || m_changingPassphrase)
        return;
    auto credentials = Credentials::load(*m_store);
    if (!credentials)
        return;
    m_sync.reset(); // no cycle may refresh the tokens behind our back
    // The tokens as the engine left them (a refresh may have replaced them meanwhile).
    const QString accessToken = Credentials::load(*m_store).valueOr(*credentials).accessToken;
    if (auto cleared = Credentials::clearTokens(*m_store); !cleared) {
        qCWarning(lcUi) << "sign out: cannot clear the tokens:" << cleared.error().message;
        startSync();
        return;
    }
    // The server ends them too, best effort: nothing waits for it, offline it just fails.
    if (!accessToken.isEmpty()) {
        auto *atServer = ServerSignOut::start(credentials->serverUrl, accessToken,
                                              m_syncConfig.requestTimeoutMs, this);
        connect(atServer, &ServerSignOut::finished, this,
                [this](bool ok) { Q_EMIT signedOutAtServer(ok); });
    }
    if (auto marked = m_store->setSyncState(kSignedOutKey, QStringLiteral("1")); !marked)
        qCWarning(lcUi) << "sign out: cannot mark it:" << marked.error().message;
    m_pages->setCurrentWidget(m_enrollPage);
    closeStore();
    m_unlockPage->setMode(UnlockPage::Mode::Unlock);
    m_enrollPage->setBusy(false);
    m_enrollPage->setReenroll(credentials->serverUrl.toString(), credentials->username,
                              tr("You signed out on this device."));
    Q_EMIT locked();
    Q_EMIT signedOut();
}

void MainWindow::wipeDevice()
{
    if (!m_store || m_changingPassphrase)
        return;
    const StoreLocation location = m_store->location();
    m_pages->setCurrentWidget(m_enrollPage);
    closeStore();
    m_attempts.reset();
    m_offlineChosen = false;
    m_pendingEnroll.reset();
    m_enrollPage->setFirstRun();
    if (auto destroyed = LocalStore::destroy(location); !destroyed) {
        qCWarning(lcUi) << "wipe:" << destroyed.error().message;
        m_enrollPage->showError(tr("Some of this device's files could not be deleted: %1")
                                    .arg(destroyed.error().message));
    }
    Q_EMIT locked();
    Q_EMIT deviceWiped();
}

void MainWindow::onSyncState(const SyncState &state)
{
    if (m_statusBar)
        m_statusBar->setState(state);
}

void MainWindow::onCycleFinished()
{
    if (!m_homePage || !m_store)
        return;
    // Pulled changes were committed through the engine's connection, which does not
    // notify this one: refresh what the home page shows.
    QStringList forms;
    if (auto stored = m_store->forms()) {
        for (const StoredForm &form : *stored)
            forms << QStringLiteral("%1/%2").arg(form.formId).arg(form.version);
    }
    if (forms != m_shownForms) {
        m_shownForms = forms;
        m_homePage->reloadForms();
    } else {
        m_homePage->recordModel()->reload();
    }
}

void MainWindow::onSignInRequested()
{
    auto credentials = Credentials::load(*m_store);
    if (!credentials)
        return;
    m_enrollPage->setReenroll(credentials->serverUrl.toString(), credentials->username,
                              tr("The server asks you to sign in again."));
    m_pages->setCurrentWidget(m_enrollPage);
}

void MainWindow::onWiped()
{
    // The engine destroyed the database, keys and attachments; drop everything we hold.
    m_pages->setCurrentWidget(m_enrollPage);
    closeStore();
    m_enrollPage->setFirstRun();
    m_enrollPage->setBusy(false);
    m_enrollPage->showError(tr("This device's data was erased at your organisation's "
                               "request. Sign in to use it again."));
    Q_EMIT locked();
}

void MainWindow::onOpenFailed(const Error &error)
{
    const bool wrong = error.code == QStringLiteral("wrong_passphrase");
    m_unlockPage->showFailure(wrong ? tr("That passphrase is not right. Check the keyboard "
                                         "layout and Caps Lock, then try again.")
                                    : error.message);
    if (wrong) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_attempts.recordFailure(now);
        m_unlockPage->setFailedAttempts(m_attempts.failures(),
                                        m_attempts.remainingWaitSeconds(now));
    }
}

void MainWindow::closeHome()
{
    delete m_home; // an open editor saves first
    m_home = nullptr;
    m_homePage = nullptr;
    m_statusBar = nullptr;
}

void MainWindow::closeStore()
{
    m_idleTimer->stop();
    m_passphraseChanger->waitForFinished(); // it holds the store
    m_changingPassphrase = false;
    m_sync.reset(); // stops the engine's thread and closes its connection
    closeHome();    // before the store it shows
    closeSidePages();
    m_transfers.clear();
    if (m_store) {
        flushStore();
        m_store->lock(); // wipes the keys
        m_store.reset();
    }
}

void MainWindow::lockNow()
{
    if (!m_store)
        return;
    m_passphraseChanger->waitForFinished();
    m_pages->setCurrentWidget(m_unlockPage);
    closeStore();
    m_unlockPage->setMode(UnlockPage::Mode::Unlock);
    Q_EMIT locked();
}

void MainWindow::flushStore()
{
    // Saves are crash-safe at once; this makes them power-loss-safe too (store.md).
    if (auto synced = m_store->syncToDisk(); !synced)
        qCWarning(lcUi) << "could not flush the store:" << synced.error().message;
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::Wheel:
        if (m_store && m_idleTimer->isActive())
            m_idleTimer->start(); // restart the idle countdown
        break;
    default:
        break;
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace outpost::ui
