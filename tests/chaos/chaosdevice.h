// One device of the chaos test: an outpost-cli store directory (its own encrypted store),
// the user it is enrolled as, and the FaultProxy between it and its server. Commands run as
// outpost-cli processes, one at a time, asynchronously (the proxies live in the test's event
// loop, so the test never blocks on a device).
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <functional>
#include <memory>

#include "faultproxy.h"

struct CliResult
{
    int exitCode = -1; // -1: killed or did not finish
    QByteArray out;
    QByteArray err;
    QJsonObject json() const;
};

class ChaosDevice : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const CliResult &)>;

    ChaosDevice(int index, const QString &user, const QString &storeDir, quint16 serverPort);
    ~ChaosDevice() override;

    int index() const { return m_index; }
    QString user() const { return m_user; }
    FaultProxy &proxy() { return *m_proxy; }
    QString proxyUrl() const;

    // Queues `outpost-cli --store DIR --json ARGS`; done (may be empty) runs when it ends.
    void run(const QStringList &args, Done done = {});
    bool busy() const { return m_process || !m_queue.isEmpty(); }
    bool runningSync() const { return m_process && m_runningSync; }
    // SIGKILLs the running command (a sync, when the test wants a crash mid-sync).
    bool killRunning();

private:
    void startNext();
    void onFinished();

    int m_index;
    QString m_user;
    QString m_storeDir;
    QProcessEnvironment m_env;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<QProcess> m_process;
    bool m_runningSync = false;
    bool m_killed = false;
    Done m_done;
    QList<std::pair<QStringList, Done>> m_queue;
};
