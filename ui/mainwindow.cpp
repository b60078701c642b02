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
#include "recordlistmodel.h"
#include "storeopener.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "uilogging.h"
#include "unlockpage.h"

namespace outpost::ui {

namespace {

// Sync state key: the person chose to work without a server (demo forms).
const QString kOfflineModeKey = QStringLiteral("app.offline_mode");

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
      m_syncConfig(syncConfig), m_pages(new QStackedWidget(this)),
      m_enrollPage(new EnrollPage(m_pages)), m_unlockPage(new UnlockPage(m_pages)),
      m_idleTimer(new QTimer(this))
{
    setWindowTitle(QStringLiteral("Outpost"));
    setCentralWidget(m_pages);
    QMenu *menu = menuBar()->addMenu(tr("&Outpost"));
    QAction *lock = menu->addAction(tr("&Lock now"), this, &MainWindow::lockNow);
    lock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    menu->addAction(tr("&About Outpost"), this,
                    [this] { QMessageBox::about(this, tr("About Outpost"), aboutText()); });
    menu->addSeparator();
    menu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    m_pages->addWidget(m_enrollPage);
    m_pages->addWidget(m_unlockPage);
    if (m_opener->storeExists()) {
        m_unlockPage->setMode(UnlockPage::Mode::Unlock);
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
    m_unlockPage->setMode(UnlockPage::Mode::Create);
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
    m_unlockPage->setBusy(false);
    m_unlockPage->clear();
    Q_EMIT storeOpened(m_store.get(), m_creating);

    // The sync engine gets its own connection (same key, no second Argon2id run).
    if (auto connection = m_store->openConnection()) {
        m_sync = std::make_unique<SyncController>(std::move(*connection), m_syncConfig);
        connect(m_sync.get(), &SyncController::stateChanged, this, &MainWindow::onSyncState);
        connect(m_sync.get(), &SyncController::enrollFinished, this, &MainWindow::onEnrollFinished);
        connect(m_sync.get(), &SyncController::cycleFinished, this, &MainWindow::onCycleFinished);
        connect(m_sync.get(), &SyncController::wiped, this, &MainWindow::onWiped);
        // Pulled records reach the search index after the pull: a search shows them now.
        connect(m_sync.get(), &SyncController::searchIndexed, this, [this] {
            if (m_homePage)
                m_homePage->recordModel()->reload();
        });
        connect(m_store.get(), &LocalStore::recordsChanged, m_sync.get(),
                &SyncController::notifyLocalChange);
        m_sync->start();
    } else {
        qCWarning(lcUi) << "sync disabled: no second store connection:"
                        << connection.error().message;
    }

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
    if (enrolled || offline) {
        showHome();
    } else {
        m_enrollPage->setBusy(false);
        m_pages->setCurrentWidget(m_enrollPage); // created, but never signed in
    }
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
        m_shownForms.clear();
    }
    m_pages->setCurrentWidget(m_home);
    if (m_idleTimer->interval() > 0)
        m_idleTimer->start();
    Q_EMIT homeShown();
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
                                    : error.message,
                              wrong);
}

void MainWindow::closeStore()
{
    m_idleTimer->stop();
    m_sync.reset(); // stops the engine's thread and closes its connection
    delete m_home;  // before the store it shows
    m_home = nullptr;
    m_homePage = nullptr;
    m_statusBar = nullptr;
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
        if (m_store && m_idleTimer->interval() > 0)
            m_idleTimer->start(); // restart the idle countdown
        break;
    default:
        break;
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace outpost::ui
