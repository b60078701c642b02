// The supervisor's review screen against the real outpost-server process: two collector
// devices (alice, bob) make a manual-policy conflict; the supervisor's app (sue) shows it
// with the base, device and server value of each field, resolves it choosing per field, and
// after sync both collectors hold the chosen values. Accept / reject of finalized
// submissions reaches the collector with the comment. Decisions are queued in the store
// first and sent by the sync engine (reviewqueue.h).
#include <QComboBox>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "englishplurals.h"
#include "enrollpage.h"
#include "faultproxy.h"
#include "homepage.h"
#include "mainwindow.h"
#include "reviewconflicts.h"
#include "reviewpage.h"
#include "reviewqueue.h"
#include "reviewsubmissions.h"
#include "synccontroller.h"
#include "syncfixture.h"
#include "unlockpage.h"

using namespace outpost;
using namespace outpost::ui;

class TestAppReview : public QObject
{
    Q_OBJECT

    TestServer m_server;
    EnglishPlurals m_plurals;

    // The app enrolled as the supervisor, home page shown, first cycle done.
    void openSupervisorApp(MainWindow &window, quint16 port = 0)
    {
        window.show();
        QVERIFY(appdriver::enrollUntilHome(
            window, QStringLiteral("http://127.0.0.1:%1").arg(port ? port : m_server.port()),
            QStringLiteral("sue"), synctest::password(QStringLiteral("sue"))));
        // The role comes from /api/v1/me with the first cycle: then the entry shows.
        auto *entry = window.homePage()->findChild<QPushButton *>(QStringLiteral("review"));
        QVERIFY(entry);
        QTRY_VERIFY_WITH_TIMEOUT(entry->isVisibleTo(window.homePage()), 30000);
        entry->click();
        QVERIFY(window.homePage()->review());
    }

    static void syncUntilSent(MainWindow &window)
    {
        window.sync()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(
            reviewqueue::pending(*window.store()).valueOr(QJsonArray{1}).isEmpty(), 30000);
        const QJsonArray failed = reviewqueue::failed(*window.store()).valueOr(QJsonArray{1});
        QVERIFY2(failed.isEmpty(), QJsonDocument(failed).toJson().constData());
    }

    // A manual-policy conflict on a new record: base a="start", b=1; alice's a="alice", b=2
    // reached the server first, bob's a="bob", b=3 met it.
    static QUuid makeConflict(synctest::TestDevice &alice, synctest::TestDevice &bob)
    {
        const QUuid id =
            alice.create(QStringLiteral("manual"), {{QStringLiteral("a"), QStringLiteral("start")},
                                                    {QStringLiteral("b"), 1}});
        if (!alice.syncUntilIdle() || !bob.syncUntilIdle() ||
            !alice.update(
                id, {{QStringLiteral("a"), QStringLiteral("alice")}, {QStringLiteral("b"), 2}}) ||
            !bob.update(id,
                        {{QStringLiteral("a"), QStringLiteral("bob")}, {QStringLiteral("b"), 3}}) ||
            !alice.syncUntilIdle() || !bob.syncUntilIdle())
            return {};
        return id;
    }

    static int rowOf(QTableWidget *table, const QString &field)
    {
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, ReviewConflicts::FieldColumn)->data(ReviewConflicts::KeyRole) ==
                field)
                return row;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::installTranslator(&m_plurals);
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(synctest::setUpServer(m_server));
    }

    void collectorsDoNotGetTheReviewEntry()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        QVERIFY(appdriver::enrollUntilHome(
            window, QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()),
            QStringLiteral("alice"), synctest::password(QStringLiteral("alice"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.store()->syncState(reviewqueue::kMeKey).valueOr(QString()).isEmpty(), 30000);
        auto *entry = window.homePage()->findChild<QPushButton *>(QStringLiteral("review"));
        QVERIFY(entry);
        QVERIFY(!entry->isVisibleTo(window.homePage()));
        QVERIFY(!window.homePage()->openReview());
    }

    void resolveConflictFieldByField()
    {
        synctest::TestDevice alice, bob;
        QVERIFY(alice.enroll(m_server.port(), QStringLiteral("alice")));
        QVERIFY(bob.enroll(m_server.port(), QStringLiteral("bob")));
        const QUuid id =
            alice.create(QStringLiteral("manual"), {{QStringLiteral("a"), QStringLiteral("start")},
                                                    {QStringLiteral("b"), 1}});
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QCOMPARE(bob.values(id).value(QStringLiteral("a")).toString(), QStringLiteral("start"));
        QVERIFY(alice.update(
            id, {{QStringLiteral("a"), QStringLiteral("alice")}, {QStringLiteral("b"), 2}}));
        QVERIFY(bob.update(
            id, {{QStringLiteral("a"), QStringLiteral("bob")}, {QStringLiteral("b"), 3}}));
        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        QCOMPARE(bob.store().syncStatus(id).valueOr(SyncStatus::Synced), SyncStatus::Conflict);

        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        openSupervisorApp(window);
        if (QTest::currentTestFailed())
            return;
        ReviewConflicts *conflicts = window.homePage()->review()->conflicts();
        QTRY_COMPARE_WITH_TIMEOUT(conflicts->conflictCount(), 1, 30000);

        // Per field: base, device (bob's) and server (alice's) values side by side,
        // highlighted where they differ, with who sent the device's change.
        auto *table = conflicts->findChild<QTableWidget *>(QStringLiteral("fields"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 2);
        const int a = rowOf(table, QStringLiteral("a"));
        const int b = rowOf(table, QStringLiteral("b"));
        QVERIFY(a >= 0 && b >= 0);
        // Labels from the form, not keys.
        QCOMPARE(table->item(a, ReviewConflicts::FieldColumn)->text(), QStringLiteral("A"));
        QCOMPARE(table->item(b, ReviewConflicts::FieldColumn)->text(), QStringLiteral("B"));
        QCOMPARE(table->item(a, ReviewConflicts::BaseColumn)->text(), QStringLiteral("start"));
        QCOMPARE(table->item(a, ReviewConflicts::DeviceColumn)->text(), QStringLiteral("bob"));
        QCOMPARE(table->item(a, ReviewConflicts::ServerColumn)->text(), QStringLiteral("alice"));
        QCOMPARE(table->item(b, ReviewConflicts::BaseColumn)->text(), QStringLiteral("1"));
        QCOMPARE(table->item(b, ReviewConflicts::DeviceColumn)->text(), QStringLiteral("3"));
        QCOMPARE(table->item(b, ReviewConflicts::ServerColumn)->text(), QStringLiteral("2"));
        for (int row : {a, b}) {
            QVERIFY(table->item(row, ReviewConflicts::FieldColumn)->data(Qt::UserRole).toBool());
            QCOMPARE(table->item(row, ReviewConflicts::DeviceColumn)->background().style(),
                     Qt::SolidPattern);
        }
        QVERIFY(table->horizontalHeaderItem(ReviewConflicts::DeviceColumn)
                    ->text()
                    .contains(QStringLiteral("bob")));

        // a: the device's value; b: a typed one.
        auto *choiceA =
            qobject_cast<QComboBox *>(table->cellWidget(a, ReviewConflicts::ChoiceColumn));
        QVERIFY(choiceA);
        choiceA->setCurrentIndex(ReviewConflicts::TakeDevice);
        Q_EMIT choiceA->activated(ReviewConflicts::TakeDevice);
        QCOMPARE(
            qobject_cast<QLineEdit *>(table->cellWidget(a, ReviewConflicts::ValueColumn))->text(),
            QStringLiteral("bob"));
        conflicts->choose(QStringLiteral("b"), ReviewConflicts::Typed, QStringLiteral("7"));
        QVERIFY(appdriver::click(conflicts, "resolve"));

        // Queued in the store before anything reached the server.
        QCOMPARE(conflicts->conflictCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(reviewqueue::pending(*window.store()).valueOr({}).size(), 1,
                                  10000);
        syncUntilSent(window);
        // The history (the server's resolved conflicts, after the cycle) shows bob's side.
        QListWidget *history = window.homePage()->review()->history();
        QTRY_VERIFY_WITH_TIMEOUT(
            !history->findItems(QStringLiteral("Conflict"), Qt::MatchStartsWith).isEmpty(), 30000);
        QVERIFY(history->findItems(QStringLiteral("Conflict"), Qt::MatchStartsWith)
                    .first()
                    ->text()
                    .contains(QStringLiteral("A = bob")));

        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        for (synctest::TestDevice *device : {&alice, &bob}) {
            QCOMPARE(device->values(id).value(QStringLiteral("a")).toString(),
                     QStringLiteral("bob"));
            QCOMPARE(device->values(id).value(QStringLiteral("b")).toInt(), 7);
        }
        QVERIFY(bob.store().syncStatus(id).valueOr(SyncStatus::Conflict) != SyncStatus::Conflict);
    }

    void acceptAndRejectReachTheCollector()
    {
        synctest::TestDevice alice;
        QVERIFY(alice.enroll(m_server.port(), QStringLiteral("alice")));
        QList<QUuid> ids;
        for (const char *text : {"good", "bad"}) {
            Record record;
            record.formId = QStringLiteral("lww");
            record.formVersion = 1;
            record.state = RecordState::Finalized;
            record.values = {{QStringLiteral("a"), QString::fromLatin1(text)},
                             {QStringLiteral("b"), 1}};
            auto created = alice.store().createRecord(record);
            QVERIFY(created.ok());
            ids << created->id;
        }
        QVERIFY(alice.syncUntilIdle());

        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        openSupervisorApp(window);
        if (QTest::currentTestFailed())
            return;
        ReviewSubmissions *submissions = window.homePage()->review()->submissions();
        QTRY_VERIFY_WITH_TIMEOUT(submissions->select(ids[0]), 30000);
        QVERIFY(submissions->select(ids[1]));
        auto *reject = submissions->findChild<QPushButton *>(QStringLiteral("reject"));
        QVERIFY(!reject->isEnabled()); // a rejection needs a comment

        QVERIFY(submissions->select(ids[0]));
        QVERIFY(appdriver::click(submissions, "accept"));
        QVERIFY(submissions->select(ids[1]));
        QVERIFY(appdriver::type(submissions, "comment", QStringLiteral("b is wrong")));
        QVERIFY(appdriver::click(submissions, "reject"));
        QVERIFY(!submissions->select(ids[0])); // decided: off the list
        QTRY_COMPARE_WITH_TIMEOUT(reviewqueue::pending(*window.store()).valueOr({}).size(), 2,
                                  10000);
        syncUntilSent(window);

        QVERIFY(alice.syncUntilIdle());
        auto accepted = alice.store().record(ids[0]);
        auto rejected = alice.store().record(ids[1]);
        QVERIFY(accepted.ok() && rejected.ok());
        QCOMPARE(accepted->state, RecordState::Accepted);
        QCOMPARE(rejected->state, RecordState::Rejected);
        QCOMPARE(rejected->reviewComment, QStringLiteral("b is wrong"));
    }

    void decisionsWaitOfflineAndSurviveALostAnswer()
    {
        synctest::TestDevice alice, bob;
        QVERIFY(alice.enroll(m_server.port(), QStringLiteral("alice")));
        QVERIFY(bob.enroll(m_server.port(), QStringLiteral("bob")));
        const QUuid id = makeConflict(alice, bob);
        QVERIFY(!id.isNull());
        QCOMPARE(bob.store().syncStatus(id).valueOr(SyncStatus::Synced), SyncStatus::Conflict);

        FaultProxy proxy(m_server.port());
        QVERIFY(proxy.isListening());
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          synctest::fastConfig());
        openSupervisorApp(window, proxy.serverPort());
        if (QTest::currentTestFailed())
            return;
        ReviewConflicts *conflicts = window.homePage()->review()->conflicts();
        QTRY_COMPARE_WITH_TIMEOUT(conflicts->conflictCount(), 1, 30000);
        conflicts->choose(QStringLiteral("a"), ReviewConflicts::TakeDevice);
        conflicts->choose(QStringLiteral("b"), ReviewConflicts::TakeBase);

        // Offline: the resolution stays queued in the store, cycle after cycle.
        proxy.setOffline(true);
        QSignalSpy cycles(window.sync(), &SyncController::cycleFinished);
        QVERIFY(conflicts->resolve());
        window.sync()->syncNow();
        QVERIFY(cycles.wait(30000));
        QCOMPARE(cycles.first().first().toBool(), false);
        QCOMPARE(reviewqueue::pending(*window.store()).valueOr({}).size(), 1);

        // Back online, and the first answer is lost after the server applied it: the resend
        // is refused as already resolved, which is not a failure.
        proxy.cutResponses("POST /api/v1/conflicts/", 1);
        proxy.setOffline(false);
        syncUntilSent(window);
        QCOMPARE(proxy.responsesCut(), 1);

        QVERIFY(alice.syncUntilIdle());
        QVERIFY(bob.syncUntilIdle());
        for (synctest::TestDevice *device : {&alice, &bob}) {
            QCOMPARE(device->values(id).value(QStringLiteral("a")).toString(),
                     QStringLiteral("bob"));
            QCOMPARE(device->values(id).value(QStringLiteral("b")).toInt(), 1);
        }
    }
};

QTEST_MAIN(TestAppReview)
#include "tst_appreview.moc"
