// outpost-faultproxy: FaultProxy as a process, for trying a device or the app against a
// misbehaving network by hand, or for benchmarks in another process than the proxy.
//   outpost-faultproxy --target PORT [--listen-port-file FILE] [--seed N] [--refuse P]
//       [--cut-request P] [--cut-response P] [--delay P] [--max-delay-ms N] [--cut-upload P]
// Prints "faultproxy listening on port N"; on SIGINT/SIGTERM prints the faults by kind.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

#include <csignal>

#include "faultproxy.h"

namespace {

volatile std::sig_atomic_t stopRequested = 0;

void onSignal(int)
{
    stopRequested = 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A fault-injecting TCP proxy on loopback"));
    parser.addHelpOption();
    const QCommandLineOption target(QStringLiteral("target"), QStringLiteral("target port"),
                                    QStringLiteral("port"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("random seed"),
                                  QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption maxDelay(QStringLiteral("max-delay-ms"),
                                      QStringLiteral("longest delay"), QStringLiteral("ms"),
                                      QStringLiteral("1500"));
    QList<std::pair<QCommandLineOption, double FaultRates::*>> rates{
        {QCommandLineOption(QStringLiteral("refuse"), QStringLiteral("refuse a connection"),
                            QStringLiteral("p"), QStringLiteral("0")),
         &FaultRates::refuse},
        {QCommandLineOption(QStringLiteral("cut-request"), QStringLiteral("cut a request"),
                            QStringLiteral("p"), QStringLiteral("0")),
         &FaultRates::cutRequest},
        {QCommandLineOption(QStringLiteral("cut-response"), QStringLiteral("drop an answer"),
                            QStringLiteral("p"), QStringLiteral("0")),
         &FaultRates::cutResponse},
        {QCommandLineOption(QStringLiteral("delay"), QStringLiteral("delay a request"),
                            QStringLiteral("p"), QStringLiteral("0")),
         &FaultRates::delay},
        {QCommandLineOption(QStringLiteral("cut-upload"), QStringLiteral("cut a body mid-way"),
                            QStringLiteral("p"), QStringLiteral("0")),
         &FaultRates::cutUpload}};
    parser.addOptions({target, seed, maxDelay});
    for (const auto &[option, member] : rates)
        parser.addOption(option);
    parser.process(app);
    const quint16 targetPort = static_cast<quint16>(parser.value(target).toUInt());
    if (targetPort == 0) {
        QTextStream(stderr) << "outpost-faultproxy: --target PORT is required\n";
        return 2;
    }
    FaultRates faultRates;
    for (const auto &[option, member] : rates)
        faultRates.*member = parser.value(option).toDouble();
    faultRates.maxDelayMs = parser.value(maxDelay).toInt();

    FaultProxy proxy(targetPort);
    if (!proxy.isListening()) {
        QTextStream(stderr) << "outpost-faultproxy: cannot listen\n";
        return 1;
    }
    proxy.setRandomFaults(faultRates, parser.value(seed).toULongLong());
    QTextStream(stdout) << "faultproxy listening on port " << proxy.serverPort() << Qt::endl;

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&]() {
        if (!stopRequested)
            return;
        QTextStream out(stdout);
        for (int kind = 0; kind < faultKindCount; ++kind)
            out << faultKindName(static_cast<FaultKind>(kind)) << '=' << proxy.faults()[kind]
                << (kind + 1 < faultKindCount ? ' ' : '\n');
        app.quit();
    });
    poll.start(100);
    return app.exec();
}
