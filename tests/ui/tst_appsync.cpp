// The app against the real outpost-server process: first-run enrollment, forms arriving
// with the first pull, a record made in the app reaching the server, and what the sync
// status bar says when the server is away.
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "englishplurals.h"
#include "enrollpage.h"
#include "homepage.h"
#include "mainwindow.h"
#include "synccontroller.h"
#include "syncfixture.h"
#include "syncstatusbar.h"
#include "unlockpage.h"

using namespace outpost;
using namespace outpost::ui;

class TestAppSync : public QObject
{
    Q_OBJECT

    TestServer m_server;
    EnglishPlurals m_plurals;

    static QString headline(MainWindow &window)
    {
        return window.syncStatusBar()->findChild<QLabel *>(QStringLiteral("headline"))->text();
    }
    QString serverUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::installTranslator(&m_plurals);
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(synctest::setUpServer(m_server));
    }

    void enrollCreateAndSync()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        window.show();
        QCOMPARE(window.currentPage(), window.enrollPage());
        QVERIFY(appdriver::signIn(window, serverUrl(), QStringLiteral("alice"),
                                  synctest::password(QStringLiteral("alice"))));

        // The passphrase comes next; the sign-in runs once the store exists.
        QCOMPARE(window.currentPage(), window.unlockPage());
        QCOMPARE(window.unlockPage()->mode(), UnlockPage::Mode::Create);
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::choosePassphrase(window));
        QVERIFY(home.wait(30000));

        // The team's two forms arrive with the first pull and are listed.
        auto *forms = window.homePage()->findChild<QListWidget *>(QStringLiteral("forms"));
        QTRY_COMPARE_WITH_TIMEOUT(forms->count(), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(headline(window), QStringLiteral("Up to date"), 30000);

        // A record saved in the app is pushed (debounced) and the bar says so.
        Record record;
        record.formId = QStringLiteral("lww");
        record.formVersion = 1;
        record.values = {{QStringLiteral("a"), QStringLiteral("from the app")},
                         {QStringLiteral("b"), 7}};
        auto created = window.store()->createRecord(record);
        QVERIFY(created.ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            window.store()->syncStatus(created->id).valueOr(SyncStatus::Pending) ==
                SyncStatus::Synced,
            30000);
        QTRY_COMPARE_WITH_TIMEOUT(headline(window), QStringLiteral("Up to date"), 30000);

        // The supervisor's device sees it on the server.
        synctest::TestDevice supervisor;
        QVERIFY(supervisor.enroll(m_server.port(), QStringLiteral("sue")));
        QVERIFY(supervisor.syncOnce());
        QCOMPARE(supervisor.values(created->id).value(QStringLiteral("a")).toString(),
                 QStringLiteral("from the app"));
    }

    void wrongPasswordSaysSo()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        QVERIFY(appdriver::signIn(window, serverUrl(), QStringLiteral("alice"),
                                  QStringLiteral("not her password")));
        QSignalSpy opened(&window, &MainWindow::storeOpened);
        QVERIFY(appdriver::choosePassphrase(window));
        QVERIFY(opened.wait(10000));
        auto *error = window.enrollPage()->findChild<QLabel *>(QStringLiteral("error"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisibleTo(window.enrollPage()), 30000);
        QCOMPARE(window.currentPage(), window.enrollPage());
        QVERIFY2(error->text().contains(QStringLiteral("password is not right")),
                 qPrintable(error->text()));

        // Retrying with the right password on the same (already created) store works.
        QVERIFY(appdriver::type(window.enrollPage(), "password",
                                synctest::password(QStringLiteral("alice"))));
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::click(window.enrollPage(), "submit"));
        QVERIFY(home.wait(30000));
    }

    void serverAwayKeepsWorkAndSaysSo()
    {
        TestServer server;
        QVERIFY(server.start());
        QVERIFY(synctest::setUpServer(server));
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        QVERIFY(appdriver::enrollUntilHome(
            window, QStringLiteral("http://127.0.0.1:%1").arg(server.port()), QStringLiteral("bob"),
            synctest::password(QStringLiteral("bob"))));
        QTRY_COMPARE_WITH_TIMEOUT(headline(window), QStringLiteral("Up to date"), 30000);

        server.stop();
        Record record;
        record.formId = QStringLiteral("lww");
        record.formVersion = 1;
        record.values = {{QStringLiteral("a"), QStringLiteral("offline")}};
        QVERIFY(window.store()->createRecord(record).ok());
        // Offline: the change waits, and the bar says so in plain words.
        QTRY_VERIFY_WITH_TIMEOUT(headline(window).startsWith(QStringLiteral("Offline")), 30000);
        QVERIFY2(headline(window).contains(QStringLiteral("1 change waiting")),
                 qPrintable(headline(window)));
        QCOMPARE(window.sync()->state().pendingOps, 1);
    }
};

QTEST_MAIN(TestAppSync)
#include "tst_appsync.moc"
