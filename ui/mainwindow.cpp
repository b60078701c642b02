#include "mainwindow.h"

#include <QApplication>
#include <QEvent>
#include <QStackedWidget>
#include <QTimer>

#include "homepage.h"
#include "storeopener.h"
#include "uilogging.h"
#include "unlockpage.h"

namespace outpost::ui {

MainWindow::MainWindow(const StoreLocation &location, const StoreOptions &options,
                       int lockTimeoutMs, QWidget *parent)
    : QMainWindow(parent), m_opener(new StoreOpener(location, options, this)),
      m_pages(new QStackedWidget(this)), m_unlockPage(new UnlockPage(m_pages)),
      m_idleTimer(new QTimer(this))
{
    setWindowTitle(QStringLiteral("Outpost"));
    setCentralWidget(m_pages);
    m_pages->addWidget(m_unlockPage);
    m_unlockPage->setMode(m_opener->storeExists() ? UnlockPage::Mode::Unlock
                                                  : UnlockPage::Mode::Create);
    resize(1280, 800);

    m_idleTimer->setSingleShot(true);
    m_idleTimer->setInterval(lockTimeoutMs);
    connect(m_idleTimer, &QTimer::timeout, this, &MainWindow::lockNow);
    qApp->installEventFilter(this);

    connect(m_unlockPage, &UnlockPage::passphraseEntered, this, &MainWindow::onPassphraseEntered);
    connect(m_opener, &StoreOpener::opened, this, &MainWindow::onOpened);
    connect(m_opener, &StoreOpener::failed, this, &MainWindow::onOpenFailed);
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    delete m_homePage; // before the store it shows
    m_homePage = nullptr;
    flushStore();
}

void MainWindow::flushStore()
{
    // Saves are crash-safe at once; this makes them power-loss-safe too (store.md).
    if (!m_store)
        return;
    if (auto synced = m_store->syncToDisk(); !synced)
        qCWarning(lcUi) << "could not flush the store:" << synced.error().message;
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
    m_homePage = new HomePage(m_store.get(), m_pages);
    m_pages->addWidget(m_homePage);
    m_pages->setCurrentWidget(m_homePage);
    if (m_idleTimer->interval() > 0)
        m_idleTimer->start();
}

void MainWindow::onOpenFailed(const Error &error)
{
    const bool wrong = error.code == QStringLiteral("wrong_passphrase");
    m_unlockPage->showFailure(wrong ? tr("That passphrase is not right. Check the keyboard "
                                         "layout and Caps Lock, then try again.")
                                    : error.message,
                              wrong);
}

void MainWindow::lockNow()
{
    m_idleTimer->stop();
    if (!m_store)
        return;
    m_pages->setCurrentWidget(m_unlockPage);
    delete m_homePage;
    m_homePage = nullptr;
    flushStore();
    m_store->lock(); // wipes the keys
    m_store.reset();
    m_unlockPage->setMode(UnlockPage::Mode::Unlock);
    Q_EMIT locked();
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
