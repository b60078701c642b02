#include "connectivitymonitor.h"

#include <QNetworkInformation>

#include "synclogging.h"

namespace outpost {

namespace {

// The platform default first; when it cannot load (NetworkManager absent: its backend
// refuses to load without the D-Bus service), any backend that knows reachability, and
// preferably metering too.
bool loadBestBackend()
{
    if (QNetworkInformation::instance())
        return true;
    using Feature = QNetworkInformation::Feature;
    if (QNetworkInformation::loadDefaultBackend() && QNetworkInformation::instance())
        return true;
    if (QNetworkInformation::loadBackendByFeatures(Feature::Reachability | Feature::Metered))
        return true;
    return QNetworkInformation::loadBackendByFeatures(Feature::Reachability);
}

} // namespace

ConnectivityMonitor::ConnectivityMonitor(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<outpost::NetworkStatus>();
}

NetworkStatus ConnectivityMonitor::start()
{
    if (m_started)
        return m_status;
    m_started = true;
    if (!loadBestBackend()) {
        qCInfo(lcSync) << "no network information backend (available:"
                       << QNetworkInformation::availableBackends()
                       << "); relying on the server's /healthz";
        return m_status;
    }
    QNetworkInformation *info = QNetworkInformation::instance();
    connect(info, &QNetworkInformation::reachabilityChanged, this, &ConnectivityMonitor::refresh);
    connect(info, &QNetworkInformation::isMeteredChanged, this, &ConnectivityMonitor::refresh);
    refresh();
    qCInfo(lcSync).noquote() << "network information from the" << m_status.backend << "backend";
    return m_status;
}

void ConnectivityMonitor::refresh()
{
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info)
        return;
    NetworkStatus next;
    next.backend = info->backendName();
    if (info->supports(QNetworkInformation::Feature::Reachability)) {
        switch (info->reachability()) {
        case QNetworkInformation::Reachability::Unknown:
            break;
        case QNetworkInformation::Reachability::Disconnected:
            next.reachability = NetworkStatus::Reachability::Offline;
            break;
        case QNetworkInformation::Reachability::Local:
        case QNetworkInformation::Reachability::Site:
        case QNetworkInformation::Reachability::Online:
            next.reachability = NetworkStatus::Reachability::Online;
            break;
        }
    }
    if (info->supports(QNetworkInformation::Feature::Metered))
        next.metered = info->isMetered();
    if (next == m_status)
        return;
    m_status = next;
    emit statusChanged(m_status);
}

} // namespace outpost
