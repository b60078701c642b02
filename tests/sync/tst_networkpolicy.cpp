// When to sync, as units of logic: what counts as the network coming back, the metered
// policy for attachments, and loading a QNetworkInformation backend on this machine.
#include <QtTest>

#include <QNetworkInformation>

#include "connectivitymonitor.h"
#include "networkstatus.h"
#include "syncconfig.h"

using namespace outpost;

namespace {

NetworkStatus status(NetworkStatus::Reachability reachability, bool metered = false)
{
    NetworkStatus s;
    s.reachability = reachability;
    s.metered = metered;
    return s;
}

} // namespace

class TestNetworkPolicy : public QObject
{
    Q_OBJECT

private slots:
    void connectivityReturned()
    {
        using R = NetworkStatus::Reachability;
        QVERIFY(networkpolicy::connectivityReturned(status(R::Offline), status(R::Online)));
        QVERIFY(!networkpolicy::connectivityReturned(status(R::Unknown), status(R::Online)));
        QVERIFY(!networkpolicy::connectivityReturned(status(R::Online), status(R::Online)));
        QVERIFY(!networkpolicy::connectivityReturned(status(R::Online), status(R::Offline)));
        QVERIFY(!networkpolicy::connectivityReturned(status(R::Offline), status(R::Unknown)));
        // Metering changing on a connected network is not a return.
        QVERIFY(!networkpolicy::connectivityReturned(status(R::Online, true),
                                                     status(R::Online, false)));
    }

    void attachmentsHeldBackOnMeteredNetworks()
    {
        using R = NetworkStatus::Reachability;
        SyncConfig config;
        QVERIFY(!config.uploadAttachmentsOnMetered); // the default holds them back
        QVERIFY(networkpolicy::mayUploadAttachments(status(R::Online, false), config));
        QVERIFY(!networkpolicy::mayUploadAttachments(status(R::Online, true), config));
        QVERIFY(networkpolicy::mayUploadAttachments(status(R::Unknown), config));
        config.uploadAttachmentsOnMetered = true;
        QVERIFY(networkpolicy::mayUploadAttachments(status(R::Online, true), config));
    }

    // Loads the best backend there is here (glib without NetworkManager). Where none can be
    // loaded the status stays Unknown: the engine then relies on /healthz and its timers.
    void monitorLoadsABackend()
    {
        ConnectivityMonitor monitor;
        const NetworkStatus now = monitor.start();
        qInfo("backends: %s; loaded: \"%s\"; reachability %d, metered %d",
              qPrintable(QNetworkInformation::availableBackends().join(QLatin1Char(','))),
              qPrintable(now.backend), static_cast<int>(now.reachability), now.metered);
        if (QNetworkInformation::availableBackends().isEmpty())
            QSKIP("no QNetworkInformation backend on this machine");
        QVERIFY(!now.backend.isEmpty());
        QCOMPARE(monitor.status(), now);
        QCOMPARE(monitor.start(), now); // once per process
    }
};

QTEST_GUILESS_MAIN(TestNetworkPolicy)
#include "tst_networkpolicy.moc"
