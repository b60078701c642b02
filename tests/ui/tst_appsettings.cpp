// Settings against the real outpost-server process: new settings reach the running engine
// (its periodic sync follows them); signing out with changes not yet sent warns and offers to
// sync first, then clears the tokens and locks; the app stays signed out across a restart and
// the same person signing in again sends the kept changes. Signing out also ends the device's
// tokens at the server when it can be reached, and never waits for it.
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "credentials.h"
#include "englishplurals.h"
#include "enrollpage.h"
#include "homepage.h"
#include "httpclient.h"
#include "mainwindow.h"
#include "modaldriver.h"
#include "settingspage.h"
#include "synccontroller.h"
#include "syncfixture.h"
#include "unlockpage.h"

using namespace outpost;
using namespace outpost::ui;

class TestAppSettings : public QObject
{
    Q_OBJECT

    TestServer m_server;
    EnglishPlurals m_plurals;

    QString serverUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::installTranslator(&m_plurals);
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(synctest::setUpServer(m_server));
    }

    void engineFollowsNewSettings()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig()); // no periodic sync
        QVERIFY(appdriver::enrollUntilHome(window, serverUrl(), QStringLiteral("alice"),
                                           synctest::password(QStringLiteral("alice"))));
        QSignalSpy cycles(window.sync(), &SyncController::cycleFinished);
        QVERIFY(cycles.wait(30000)); // the first pull after enrolling
        cycles.clear();
        QTest::qWait(700);
        QCOMPARE(cycles.count(), 0); // nothing starts a cycle by itself

        // A periodic interval set while the engine runs: cycles follow, without any edit.
        SyncConfig every = window.sync()->config();
        every.periodicMs = 200;
        window.sync()->setConfig(every);
        QTRY_VERIFY_WITH_TIMEOUT(cycles.count() >= 3, 15000);
        every.periodicMs = 0; // and off again
        window.sync()->setConfig(every);
        QTest::qWait(600); // a cycle that was running may still end
        cycles.clear();
        QTest::qWait(800);
        QCOMPARE(cycles.count(), 0);
    }

    void signOutWarnsThenKeepsTheChangesForTheSamePerson()
    {
        QTemporaryDir dir;
        const StoreLocation location = StoreLocation::inDirectory(dir.path());
        SyncConfig slow = synctest::fastConfig();
        slow.debounceMs = 600000; // a change stays waiting until "Sync now"
        QUuid id;
        {
            MainWindow window(location, StoreOptions::fastForTests(), 0, slow);
            QVERIFY(appdriver::enrollUntilHome(window, serverUrl(), QStringLiteral("bob"),
                                               synctest::password(QStringLiteral("bob"))));
            // The first cycle (forms) ends before the change is made, so it stays waiting.
            QSignalSpy firstCycle(window.sync(), &SyncController::cycleFinished);
            QVERIFY(firstCycle.wait(30000));
            Record record;
            record.formId = QStringLiteral("lww");
            record.formVersion = 1;
            record.values = {{QStringLiteral("a"), QStringLiteral("kept while signed out")}};
            auto created = window.store()->createRecord(record);
            QVERIFY(created.ok());
            id = created->id;

            SettingsPage *page = window.openSettings();
            auto *server = page->findChild<QLabel *>(QStringLiteral("serverAddress"));
            QVERIFY(server->text().contains(serverUrl()));
            QVERIFY(server->text().contains(QStringLiteral("bob")));

            // Pending work: a plain warning; Cancel changes nothing.
            QString warning;
            auto asked = test::answerNextModal(
                QStringLiteral("confirmSignOutPending"), [&warning](QWidget *box) {
                    warning = box->findChild<QLabel *>(QStringLiteral("qt_msgbox_label"))->text();
                    box->findChild<QPushButton *>(QStringLiteral("cancel"))->click();
                });
            QVERIFY(appdriver::click(page, "signOut"));
            QVERIFY(*asked);
            QVERIFY2(warning.contains(QStringLiteral("1 change")), qPrintable(warning));
            QVERIFY(window.store());
            QVERIFY(Credentials::load(*window.store())->isEnrolled());

            // "Sign out anyway": tokens gone, keys wiped, sign-in page for bob only.
            QSignalSpy signedOut(&window, &MainWindow::signedOut);
            asked = test::answerNextConfirmation(QStringLiteral("confirmSignOutPending"),
                                                 QStringLiteral("confirm"));
            QVERIFY(appdriver::click(page, "signOut"));
            QVERIFY(*asked);
            QCOMPARE(signedOut.count(), 1);
            QVERIFY(!window.store());
            QVERIFY(!window.sync());
            QCOMPARE(window.currentPage(), window.enrollPage());
            auto *username =
                window.enrollPage()->findChild<QLineEdit *>(QStringLiteral("username"));
            QCOMPARE(username->text(), QStringLiteral("bob"));
            QVERIFY(username->isReadOnly());
        }
        {
            auto store = LocalStore::unlock(location, QStringLiteral("field passphrase"),
                                            StoreOptions::fastForTests());
            QVERIFY(store.ok());
            auto credentials = Credentials::load(**store);
            QVERIFY(credentials.ok());
            QVERIFY(credentials->accessToken.isEmpty());
            QVERIFY(credentials->refreshToken.isEmpty());
            QVERIFY(!credentials->isEnrolled());
            QCOMPARE((*store)->pendingOperationCount().valueOr(0), 1); // the change is kept
        }

        // A restart stays signed out: unlocking leads to the sign-in page, not the records.
        MainWindow window(location, StoreOptions::fastForTests(), 0, slow);
        QCOMPARE(window.currentPage(), window.unlockPage());
        QSignalSpy opened(&window, &MainWindow::storeOpened);
        QVERIFY(
            appdriver::type(window.unlockPage(), "passphrase", QStringLiteral("field passphrase")));
        QVERIFY(appdriver::click(window.unlockPage(), "submit"));
        QVERIFY(opened.wait(10000));
        QCOMPARE(window.currentPage(), window.enrollPage());
        QVERIFY(!window.homePage());

        // Bob signs in again: home, and the kept change reaches the server.
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::type(window.enrollPage(), "password",
                                synctest::password(QStringLiteral("bob"))));
        QVERIFY(appdriver::click(window.enrollPage(), "submit"));
        QVERIFY(home.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(window.store()->syncStatus(id).valueOr(SyncStatus::Pending) ==
                                     SyncStatus::Synced,
                                 30000);
        synctest::TestDevice supervisor;
        QVERIFY(supervisor.enroll(m_server.port(), QStringLiteral("sue")));
        QVERIFY(supervisor.syncOnce());
        QCOMPARE(supervisor.values(id).value(QStringLiteral("a")).toString(),
                 QStringLiteral("kept while signed out"));
    }

    void signOutWithNothingPendingAsksPlainly()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        QVERIFY(appdriver::enrollUntilHome(window, serverUrl(), QStringLiteral("alice"),
                                           synctest::password(QStringLiteral("alice"))));
        SettingsPage *page = window.openSettings();
        auto asked = test::answerNextConfirmation(QStringLiteral("confirmSignOut"),
                                                  QStringLiteral("cancel"));
        QVERIFY(appdriver::click(page, "signOut"));
        QVERIFY(*asked);
        QVERIFY(window.store()); // Cancel: still signed in
        QVERIFY(Credentials::load(*window.store())->isEnrolled());
        const Credentials before = *Credentials::load(*window.store());
        HttpClient server(m_server.port());
        server.setToken(before.accessToken);
        QCOMPARE(server.get(QStringLiteral("/api/v1/me")).status, 200);
        asked = test::answerNextConfirmation(QStringLiteral("confirmSignOut"),
                                             QStringLiteral("confirm"));
        QSignalSpy signedOut(&window, &MainWindow::signedOut);
        QSignalSpy atServer(&window, &MainWindow::signedOutAtServer);
        QVERIFY(appdriver::click(page, "signOut"));
        QVERIFY(*asked);
        QCOMPARE(signedOut.count(), 1);
        QCOMPARE(window.currentPage(), window.enrollPage());
        // The server ended the device's tokens too (POST /api/v1/auth/signout).
        QVERIFY(atServer.count() == 1 || atServer.wait(30000));
        QCOMPARE(atServer.at(0).at(0).toBool(), true);
        const HttpResult me = server.get(QStringLiteral("/api/v1/me"));
        QCOMPARE(me.status, 401);
        QCOMPARE(me.errorCode(), QStringLiteral("invalid_token"));
        HttpClient anonymous(m_server.port());
        QCOMPARE(anonymous
                     .post(QStringLiteral("/api/v1/auth/refresh"),
                           {{QStringLiteral("refresh_token"), before.refreshToken}})
                     .status,
                 401);
    }

    // Offline, signing out is not held up: the app locks at once, and the server's sign-out
    // fails quietly (its tokens expire there).
    void signOutOfflineDoesNotWait()
    {
        TestServer away;
        QVERIFY2(away.start(), qPrintable(away.lastError()));
        QVERIFY(synctest::setUpServer(away));
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        QVERIFY(appdriver::enrollUntilHome(
            window, QStringLiteral("http://127.0.0.1:%1").arg(away.port()), QStringLiteral("alice"),
            synctest::password(QStringLiteral("alice"))));
        away.stop(); // the network is gone
        SettingsPage *page = window.openSettings();
        auto asked = test::answerNextConfirmation(QStringLiteral("confirmSignOut"),
                                                  QStringLiteral("confirm"));
        QSignalSpy signedOut(&window, &MainWindow::signedOut);
        QSignalSpy atServer(&window, &MainWindow::signedOutAtServer);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(appdriver::click(page, "signOut"));
        QVERIFY(*asked);
        QCOMPARE(signedOut.count(), 1); // before any answer could come
        QCOMPARE(window.currentPage(), window.enrollPage());
        QVERIFY(!window.store());
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(atServer.count() == 1 || atServer.wait(30000));
        QCOMPARE(atServer.at(0).at(0).toBool(), false);
    }
};

QTEST_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
