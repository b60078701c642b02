// Chaos convergence: devices (outpost-cli processes) work and sync through fault-injecting
// proxies while a server and a device are SIGKILLed; afterwards every device must hold exactly
// the server's records and every op must be on the server exactly once. Prints one line of
// figures. Knobs (seed, rounds, devices, soak time) in chaosoptions.h; README.md beside it.
#include <QtTest>

#include "chaosrun.h"

using namespace chaos;

class TestChaos : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void convergesUnderFaults()
    {
        const ChaosOptions options = ChaosOptions::fromEnvironment();
        qInfo("chaos seed %llu (repeat with OUTPOST_CHAOS_SEED=%llu)",
              static_cast<unsigned long long>(options.seed),
              static_cast<unsigned long long>(options.seed));
        ChaosRun run(options);
        QString error;
        QVERIFY2(run.setUp(&error), qPrintable(error));
        QVERIFY2(run.play(&error), qPrintable(error));
        QVERIFY2(run.settle(&error), qPrintable(error));
        const QStringList problems = run.verify();
        qInfo().noquote() << run.summary();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 40).join(QLatin1Char('\n'))));
        // The scenario did what it says, or the test proves nothing.
        QVERIFY(run.serverKills() >= 1);
        QVERIFY(run.deviceKills() >= 1);
        QVERIFY(run.faults()[static_cast<int>(FaultKind::ResponseCut)] >= 1);
        QVERIFY(run.log().count(LoggedOp::Edit) >= 10);
        QVERIFY(run.attachmentsVerified() >= 1);
        QVERIFY(run.attachmentsDownloaded() >= 1);
        QVERIFY(run.patchesCut() >= 1); // an upload resumed after a cut mid-chunk
    }
};

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
