// What the sync status bar tells the person, for each state the engine reports.
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QtTest>

#include "englishplurals.h"
#include "syncstatusbar.h"

using namespace outpost;
using namespace outpost::ui;

class TestSyncStatusBar : public QObject
{
    Q_OBJECT

    const QDateTime m_now = QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);
    EnglishPlurals m_plurals;

private Q_SLOTS:
    void initTestCase() { QCoreApplication::installTranslator(&m_plurals); }

    void describes_data()
    {
        QTest::addColumn<int>("phase");
        QTest::addColumn<int>("pendingOps");
        QTest::addColumn<int>("rejectedOps");
        QTest::addColumn<qint64>("pendingBytes");
        QTest::addColumn<qint64>("retryInMs");
        QTest::addColumn<int>("lastSyncSecondsAgo"); // -1 never
        QTest::addColumn<QString>("headline");
        QTest::addColumn<QString>("detailContains");
        QTest::addColumn<bool>("problem");

        const int idle = static_cast<int>(SyncPhase::Idle);
        QTest::newRow("up to date")
            << idle << 0 << 0 << qint64(0) << qint64(0) << 30 << "Up to date"
            << "just now" << false;
        QTest::newRow("waiting") << idle << 3 << 0 << qint64(0) << qint64(0) << 600
                                 << "3 changes waiting"
                                 << "10 minutes ago" << false;
        QTest::newRow("files waiting") << idle << 0 << 0 << qint64(3 * 1024 * 1024) << qint64(0)
                                       << 7200 << "3.00 MiB of files waiting"
                                       << "2 hours ago" << false;
        QTest::newRow("offline") << static_cast<int>(SyncPhase::WaitingToRetry) << 2 << 0
                                 << qint64(0) << qint64(4500) << -1 << "Offline — 2 changes waiting"
                                 << "in 5 seconds." << false;
        QTest::newRow("rejected") << idle << 0 << 1 << qint64(0) << qint64(0) << 10
                                  << "1 change not accepted by the server"
                                  << "Not accepted" << true;
        QTest::newRow("sign in") << static_cast<int>(SyncPhase::SignInRequired) << 4 << 0
                                 << qint64(0) << qint64(0) << 10 << "Sign in again to keep syncing"
                                 << "kept" << true;
        QTest::newRow("revoked") << static_cast<int>(SyncPhase::Revoked) << 0 << 0 << qint64(0)
                                 << qint64(0) << 10
                                 << "This device was disconnected from the server"
                                 << "supervisor" << true;
        QTest::newRow("not enrolled") << static_cast<int>(SyncPhase::NotEnrolled) << 0 << 0
                                      << qint64(0) << qint64(0) << -1 << "Not connected to a server"
                                      << "this device only" << false;
    }

    void describes()
    {
        QFETCH(int, phase);
        QFETCH(int, pendingOps);
        QFETCH(int, rejectedOps);
        QFETCH(qint64, pendingBytes);
        QFETCH(qint64, retryInMs);
        QFETCH(int, lastSyncSecondsAgo);
        QFETCH(QString, headline);
        QFETCH(QString, detailContains);
        QFETCH(bool, problem);
        SyncState state;
        state.phase = static_cast<SyncPhase>(phase);
        state.pendingOps = pendingOps;
        state.rejectedOps = rejectedOps;
        state.pendingBytes = pendingBytes;
        state.retryInMs = retryInMs;
        if (lastSyncSecondsAgo >= 0)
            state.lastSuccessfulSync = m_now.addSecs(-lastSyncSecondsAgo);
        const auto d = SyncStatusBar::describe(state, m_now);
        QCOMPARE(d.headline, headline);
        QVERIFY2(d.detail.contains(detailContains), qPrintable(d.detail));
        QCOMPARE(d.problem, problem);
    }

    void widgetFollowsState()
    {
        SyncStatusBar bar;
        auto *syncNow = bar.findChild<QPushButton *>(QStringLiteral("syncNow"));
        auto *signIn = bar.findChild<QPushButton *>(QStringLiteral("signIn"));
        auto *progress = bar.findChild<QProgressBar *>();
        SyncState state;
        state.phase = SyncPhase::Pushing;
        state.progressDone = 40;
        state.progressTotal = 200;
        bar.setState(state);
        QVERIFY(progress->isVisibleTo(&bar));
        QCOMPARE(progress->value(), 40);
        QCOMPARE(progress->maximum(), 200);
        QVERIFY(!syncNow->isEnabled()); // already syncing
        state.phase = SyncPhase::Idle;
        bar.setState(state);
        QVERIFY(!progress->isVisibleTo(&bar));
        QVERIFY(syncNow->isEnabled());
        QVERIFY(!signIn->isVisibleTo(&bar));
        state.phase = SyncPhase::SignInRequired;
        bar.setState(state);
        QVERIFY(signIn->isVisibleTo(&bar));
        QVERIFY(!syncNow->isEnabled());
    }
};

QTEST_MAIN(TestSyncStatusBar)
#include "tst_syncstatusbar.moc"
