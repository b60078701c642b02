// The app's first screens on a real encrypted store: create, lock, wrong passphrase with
// back-off, unlock, idle lock.
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "enrollpage.h"
#include "homepage.h"
#include "localstore.h"
#include "mainwindow.h"
#include "unlockpage.h"

using namespace outpost;
using namespace outpost::ui;

class TestUnlockFlow : public QObject
{
    Q_OBJECT

private:
    static void enter(UnlockPage *page, const QString &passphrase, const QString &confirm = {})
    {
        page->findChild<QLineEdit *>(QStringLiteral("passphrase"))->setText(passphrase);
        if (page->mode() == UnlockPage::Mode::Create)
            page->findChild<QLineEdit *>(QStringLiteral("confirm"))->setText(confirm);
    }
    static QPushButton *submit(UnlockPage *page)
    {
        return page->findChild<QPushButton *>(QStringLiteral("submit"));
    }

private Q_SLOTS:
    void createLockUnlock()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        window.show();
        // First run: connect to a server, or work offline with the demo forms.
        QCOMPARE(window.currentPage(), window.enrollPage());
        window.enrollPage()->findChild<QPushButton *>(QStringLiteral("offline"))->click();
        UnlockPage *page = window.unlockPage();
        QCOMPARE(window.currentPage(), page);
        QCOMPARE(page->mode(), UnlockPage::Mode::Create);

        // Too short, then mismatched: the button stays disabled.
        enter(page, QStringLiteral("short"), QStringLiteral("short"));
        QVERIFY(!submit(page)->isEnabled());
        enter(page, QStringLiteral("correct horse"), QStringLiteral("correct hors"));
        QVERIFY(!submit(page)->isEnabled());

        QSignalSpy opened(&window, &MainWindow::storeOpened);
        enter(page, QStringLiteral("correct horse"), QStringLiteral("correct horse"));
        QVERIFY(submit(page)->isEnabled());
        submit(page)->click();
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.at(0).at(1).toBool(), true); // created
        QVERIFY(window.store());
        QVERIFY(window.homePage());
        QCOMPARE(window.currentPage(), window.homePage()->parentWidget());
        auto *forms = window.homePage()->findChild<QListWidget *>(QStringLiteral("forms"));
        QVERIFY(forms->count() >= 2); // the demo forms
        // The passphrase does not linger in the widgets.
        QVERIFY(page->findChild<QLineEdit *>(QStringLiteral("passphrase"))->text().isEmpty());

        QSignalSpy locked(&window, &MainWindow::locked);
        window.lockNow();
        QCOMPARE(locked.count(), 1);
        QVERIFY(!window.store());
        QCOMPARE(page->mode(), UnlockPage::Mode::Unlock);

        // Wrong passphrases: a plain message; from the third, a wait before the next try.
        for (int attempt = 1; attempt <= 3; ++attempt) {
            QSignalSpy failedOpen(&window, &MainWindow::storeOpened);
            enter(page, QStringLiteral("wrong passphrase %1").arg(attempt));
            submit(page)->click();
            QTRY_COMPARE_WITH_TIMEOUT(page->failedAttempts(), attempt, 10000);
            QCOMPARE(failedOpen.count(), 0);
            QVERIFY(!window.store());
        }
        auto *error = page->findChild<QLabel *>(QStringLiteral("error"));
        QVERIFY(error->isVisibleTo(page));
        QVERIFY(error->text().contains(QStringLiteral("passphrase")));
        enter(page, QStringLiteral("correct horse"));
        QVERIFY(!submit(page)->isEnabled()); // waiting out the back-off
        QVERIFY(submit(page)->text().contains(QStringLiteral("second")));
        QTRY_VERIFY_WITH_TIMEOUT(submit(page)->isEnabled(), 5000);

        submit(page)->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.store() != nullptr, 10000);
        QCOMPARE(opened.count(), 2);
        QCOMPARE(opened.at(1).at(1).toBool(), false); // unlocked, not created
        // Offline mode is remembered: straight to the home page, no server asked for.
        QVERIFY(window.homePage());
        QCOMPARE(window.currentPage(), window.homePage()->parentWidget());
    }

    void reopenStartsWithUnlock()
    {
        QTemporaryDir dir;
        {
            auto store =
                LocalStore::create(StoreLocation::inDirectory(dir.path()),
                                   QStringLiteral("correct horse"), StoreOptions::fastForTests());
            QVERIFY(store.ok());
        }
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        QCOMPARE(window.currentPage(), window.unlockPage());
        QCOMPARE(window.unlockPage()->mode(), UnlockPage::Mode::Unlock);
        // A store that was never enrolled nor put in offline mode asks for a server.
        QSignalSpy opened(&window, &MainWindow::storeOpened);
        enter(window.unlockPage(), QStringLiteral("correct horse"));
        submit(window.unlockPage())->click();
        QVERIFY(opened.wait(10000));
        QCOMPARE(window.currentPage(), window.enrollPage());
    }

    void aboutShowsTheVersion()
    {
        QVERIFY(MainWindow::aboutText().contains(QStringLiteral(OUTPOST_VERSION)));
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        QStringList actions;
        for (QAction *action : window.menuBar()->actions().first()->menu()->actions())
            actions << action->text();
        QVERIFY(actions.contains(QStringLiteral("&About Outpost")));
    }

    void backoffGrows()
    {
        QCOMPARE(UnlockPage::backoffSeconds(1), 0);
        QCOMPARE(UnlockPage::backoffSeconds(2), 0);
        QCOMPARE(UnlockPage::backoffSeconds(3), 2);
        QCOMPARE(UnlockPage::backoffSeconds(4), 4);
        QCOMPARE(UnlockPage::backoffSeconds(5), 8);
        QCOMPARE(UnlockPage::backoffSeconds(100), 300);
    }

    void locksWhenIdle()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(),
                          300);
        window.show();
        window.enrollPage()->findChild<QPushButton *>(QStringLiteral("offline"))->click();
        QSignalSpy opened(&window, &MainWindow::storeOpened);
        enter(window.unlockPage(), QStringLiteral("correct horse"),
              QStringLiteral("correct horse"));
        submit(window.unlockPage())->click();
        QVERIFY(opened.wait(10000));
        QSignalSpy locked(&window, &MainWindow::locked);
        QVERIFY(locked.wait(5000));
        QVERIFY(!window.store());
        QCOMPARE(window.unlockPage()->mode(), UnlockPage::Mode::Unlock);
    }
};

QTEST_MAIN(TestUnlockFlow)
#include "tst_unlockflow.moc"
