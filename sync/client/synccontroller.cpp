#include "synccontroller.h"

#include "connectivitymonitor.h"
#include "localstore.h"
#include "syncengine.h"

namespace outpost {

SyncController::SyncController(std::unique_ptr<LocalStore> engineConnection,
                               const SyncConfig &config, QObject *parent)
    : QObject(parent), m_engine(new SyncEngine(std::move(engineConnection), config)),
      m_config(config)
{
    qRegisterMetaType<outpost::SyncState>();
    qRegisterMetaType<outpost::NetworkStatus>();
    qRegisterMetaType<outpost::AttachmentTransfer>();
    qRegisterMetaType<QList<outpost::AttachmentTransfer>>();
    if (config.watchNetwork) {
        m_monitor = new ConnectivityMonitor(this);
        connect(m_monitor, &ConnectivityMonitor::statusChanged, this,
                &SyncController::setNetworkStatus);
    }
    m_thread.setObjectName(QStringLiteral("outpost-sync"));
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &SyncEngine::stateChanged, this, [this](const SyncState &state) {
        m_state = state;
        emit stateChanged(state);
    });
    connect(m_engine, &SyncEngine::transfersChanged, this,
            [this](const QList<AttachmentTransfer> &transfers) {
                m_transfers = transfers;
                emit transfersChanged(transfers);
            });
    connect(m_engine, &SyncEngine::enrollFinished, this, &SyncController::enrollFinished);
    connect(m_engine, &SyncEngine::cycleFinished, this, &SyncController::cycleFinished);
    connect(m_engine, &SyncEngine::wiped, this, &SyncController::wiped);
    connect(m_engine, &SyncEngine::searchIndexed, this, &SyncController::searchIndexed);
}

SyncController::~SyncController()
{
    stop();
}

void SyncController::start()
{
    if (m_thread.isRunning() || !m_engine)
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_engine, &SyncEngine::start, Qt::QueuedConnection);
    if (m_monitor)
        setNetworkStatus(m_monitor->start());
}

NetworkStatus SyncController::networkStatus() const
{
    return m_network;
}

void SyncController::setNetworkStatus(const NetworkStatus &status)
{
    m_network = status;
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, status]() { engine->networkChanged(status); },
            Qt::QueuedConnection);
}

void SyncController::stop()
{
    if (!m_engine)
        return;
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_engine, &SyncEngine::shutdown, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_engine;
    }
    m_engine = nullptr;
}

void SyncController::enroll(const QString &serverUrl, const QString &username,
                            const QString &password, const QString &deviceName)
{
    if (!m_engine)
        return;
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine, serverUrl, username, password, deviceName]() {
            engine->enroll(serverUrl, username, password, deviceName);
        },
        Qt::QueuedConnection);
}

void SyncController::syncNow()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &SyncEngine::syncNow, Qt::QueuedConnection);
}

void SyncController::notifyLocalChange()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &SyncEngine::localChanged, Qt::QueuedConnection);
}

void SyncController::setConfig(const SyncConfig &config)
{
    m_config = config;
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, config]() { engine->setConfig(config); },
            Qt::QueuedConnection);
}

void SyncController::queueReview(const QJsonObject &action)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, action]() { engine->queueReview(action); },
            Qt::QueuedConnection);
}

void SyncController::pauseTransfer(const QString &attachmentId)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, attachmentId]() { engine->pauseTransfer(attachmentId); },
            Qt::QueuedConnection);
}

void SyncController::resumeTransfer(const QString &attachmentId)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, attachmentId]() { engine->resumeTransfer(attachmentId); },
            Qt::QueuedConnection);
}

void SyncController::retryTransfer(const QString &attachmentId)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [engine = m_engine, attachmentId]() { engine->retryTransfer(attachmentId); },
            Qt::QueuedConnection);
}

void SyncController::requestDownload(const QString &attachmentId)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, attachmentId]() { engine->requestDownload(attachmentId); },
            Qt::QueuedConnection);
}

} // namespace outpost
