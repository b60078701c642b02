// The app binary started without any display and without QT_QPA_PLATFORM (an empty
// environment, as from a bare SSH session or a cron job): a clear message and exit code 2
// instead of Qt's abort; --version and --help still answer.
#include <QProcess>
#include <QtTest>

class TestNoDisplay : public QObject
{
    Q_OBJECT

    struct Outcome
    {
        QProcess::ExitStatus status = QProcess::CrashExit;
        int code = -1;
        QString out, err;
    };

    static Outcome run(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(QProcessEnvironment()); // nothing at all
        process.start(QStringLiteral(OUTPOST_APP), arguments);
        Outcome outcome;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.status = process.exitStatus();
        outcome.code = process.exitCode();
        outcome.out = QString::fromUtf8(process.readAllStandardOutput());
        outcome.err = QString::fromUtf8(process.readAllStandardError());
        return outcome;
    }

private Q_SLOTS:
    void saysWhatToDoInsteadOfAborting()
    {
        const Outcome outcome = run({});
        QCOMPARE(outcome.status, QProcess::NormalExit); // no abort (SIGABRT)
        QCOMPARE(outcome.code, 2);
        QVERIFY2(outcome.err.contains(QStringLiteral("no display")), qPrintable(outcome.err));
        QVERIFY(outcome.err.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")));
        QVERIFY(outcome.err.contains(QStringLiteral("outpost-cli")));
        QVERIFY(!outcome.err.contains(QStringLiteral("could not connect to display")));
    }

    void versionAndHelpStillWork()
    {
        const Outcome version = run({QStringLiteral("--version")});
        QCOMPARE(version.status, QProcess::NormalExit);
        QCOMPARE(version.code, 0);
        QVERIFY2(version.out.contains(QStringLiteral(OUTPOST_VERSION)), qPrintable(version.out));
        const Outcome help = run({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(QStringLiteral("--data-dir")));
        // A bad option is reported as such, not as a missing display.
        const Outcome bad = run({QStringLiteral("--no-such-option")});
        QCOMPARE(bad.status, QProcess::NormalExit);
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains(QStringLiteral("no-such-option")), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestNoDisplay)
#include "tst_nodisplay.moc"
