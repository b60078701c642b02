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
#include "unlockattempts.h"
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
        QCOMPARE(UnlockAttempts::backoffSeconds(1), 0);
        QCOMPARE(UnlockAttempts::backoffSeconds(2), 0);
        QCOMPARE(UnlockAttempts::backoffSeconds(3), 2);
        QCOMPARE(UnlockAttempts::backoffSeconds(4), 4);
        QCOMPARE(UnlockAttempts::backoffSeconds(5), 8);
        QCOMPARE(UnlockAttempts::backoffSeconds(100), 300);
    }

    void waitSurvivesARestart()
    {
        QTemporaryDir dir;
        const StoreLocation location = StoreLocation::inDirectory(dir.path());
        QVERIFY(LocalStore::create(location, QStringLiteral("correct horse"),
                                   StoreOptions::fastForTests())
                    .ok());
        {
            MainWindow window(location, StoreOptions::fastForTests(), 0);
            UnlockPage *page = window.unlockPage();
            for (int attempt = 1; attempt <= 3; ++attempt) {
                enter(page, QStringLiteral("wrong passphrase %1").arg(attempt));
                submit(page)->click();
                QTRY_COMPARE_WITH_TIMEOUT(page->failedAttempts(), attempt, 10000);
            }
            QVERIFY(page->waitSeconds() > 0);
        } // the app quits while it must wait

        // Kept beside the key parameters, without the passphrases tried.
        QFile file(location.unlockAttemptsPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray kept = file.readAll();
        QVERIFY(kept.contains("\"failures\":3"));
        QVERIFY(!kept.contains("wrong passphrase"));
        file.close();

        // A restart does not reset the wait.
        MainWindow restarted(location, StoreOptions::fastForTests(), 0);
        UnlockPage *page = restarted.unlockPage();
        QCOMPARE(page->failedAttempts(), 3);
        QVERIFY(page->waitSeconds() > 0);
        enter(page, QStringLiteral("correct horse"));
        QVERIFY(!submit(page)->isEnabled());
        QVERIFY(submit(page)->text().contains(QStringLiteral("second")));
        QTRY_VERIFY_WITH_TIMEOUT(submit(page)->isEnabled(), 5000);
        QSignalSpy opened(&restarted, &MainWindow::storeOpened);
        submit(page)->click();
        QVERIFY(opened.wait(10000));
        // A success starts the count again.
        QVERIFY(!QFileInfo::exists(location.unlockAttemptsPath()));
        QCOMPARE(page->failedAttempts(), 0);
    }

    void attemptsFileEdgeCases()
    {
        QTemporaryDir dir;
        const StoreLocation location = StoreLocation::inDirectory(dir.path());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        {
            UnlockAttempts attempts(location);
            for (int i = 0; i < 4; ++i)
                attempts.recordFailure(t0);
        }
        UnlockAttempts loaded(location);
        QCOMPARE(loaded.failures(), 4);
        QCOMPARE(loaded.remainingWaitSeconds(t0), 4);
        QCOMPARE(loaded.remainingWaitSeconds(t0.addSecs(3)), 1);
        QCOMPARE(loaded.remainingWaitSeconds(t0.addSecs(5)), 0);
        // A clock set back before the failure does not shorten the wait.
        QCOMPARE(loaded.remainingWaitSeconds(t0.addSecs(-3600)), 4);

        // Garbage is no failure at all; a count without a time waits from now.
        const auto write = [&location](const QByteArray &bytes) {
            QFile file(location.unlockAttemptsPath());
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
        };
        QVERIFY(write("{not json"));
        QCOMPARE(UnlockAttempts(location).failures(), 0);
        QVERIFY(write(R"({"failures": 5})"));
        const UnlockAttempts noTime(location);
        QCOMPARE(noTime.failures(), 5);
        QVERIFY(noTime.remainingWaitSeconds(QDateTime::currentDateTimeUtc()) > 0);
        QVERIFY(write(R"({"failures": -7, "last_failure_at": "2026-01-01T00:00:00Z"})"));
        QCOMPARE(UnlockAttempts(location).failures(), 0);
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
