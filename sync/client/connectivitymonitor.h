// ConnectivityMonitor: the operating system's view of the network through
// QNetworkInformation, turned into NetworkStatus values. It loads the best backend there is:
// the platform default (NetworkManager on most Linux desktops), else any backend that can
// tell reachability (the glib one, which works without NetworkManager), else none — then
// the status stays Unknown and the engine relies on its timers and on /healthz alone.
//
// THREAD: QNetworkInformation is a process-wide singleton that belongs to the thread that
// loaded it; use the monitor from the UI (main) thread. SyncController owns one and passes
// every change to the engine by a queued call.
#pragma once

#include <QObject>

#include "networkstatus.h"

namespace outpost {

class ConnectivityMonitor : public QObject
{
    Q_OBJECT

public:
    explicit ConnectivityMonitor(QObject *parent = nullptr);

    // Loads a backend (once per process) and starts following it. Returns the status now.
    NetworkStatus start();
    NetworkStatus status() const { return m_status; }

signals:
    void statusChanged(const outpost::NetworkStatus &status);

private:
    void refresh();

    NetworkStatus m_status;
    bool m_started = false;
};

} // namespace outpost
