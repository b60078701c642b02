#include "chaosdevice.h"

#include <QJsonDocument>
#include <QTimer>

#include "syncclient.h"

QJsonObject CliResult::json() const
{
    // Commands print one JSON line; sync may print warnings before it on stderr only.
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

ChaosDevice::ChaosDevice(int index, const QString &user, const QString &storeDir,
                         quint16 serverPort)
    : m_index(index), m_user(user), m_storeDir(storeDir),
      m_env(QProcessEnvironment::systemEnvironment()),
      m_proxy(std::make_unique<FaultProxy>(serverPort))
{
    m_env.insert(QStringLiteral("OUTPOST_PASSPHRASE"),
                 QStringLiteral("chaos device %1").arg(index));
    m_env.insert(QStringLiteral("OUTPOST_PASSWORD"), testsupport::password(user));
    m_env.insert(QStringLiteral("OUTPOST_INSECURE_FAST_KDF"), QStringLiteral("1"));
    m_env.insert(QStringLiteral("OUTPOST_SYNC_BACKOFF_MAX_MS"), QStringLiteral("300"));
    m_env.insert(QStringLiteral("OUTPOST_SYNC_PULL_PAGE"), QStringLiteral("25"));
}

ChaosDevice::~ChaosDevice()
{
    m_queue.clear();
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QString ChaosDevice::proxyUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->serverPort());
}

void ChaosDevice::run(const QStringList &args, Done done)
{
    m_queue.append({args, std::move(done)});
    startNext();
}

bool ChaosDevice::killRunning()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return false;
    m_killed = true;
    m_process->kill();
    return true;
}

void ChaosDevice::startNext()
{
    if (m_process || m_queue.isEmpty())
        return;
    auto [args, done] = m_queue.takeFirst();
    m_done = std::move(done);
    m_runningSync = args.value(0) == QStringLiteral("sync");
    m_killed = false;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(m_env);
    connect(m_process.get(), &QProcess::finished, this, &ChaosDevice::onFinished);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onFinished();
    });
    m_process->start(QStringLiteral(OUTPOST_CLI_BINARY),
                     QStringList{QStringLiteral("--store"), m_storeDir, QStringLiteral("--json")} +
                         args);
}

void ChaosDevice::onFinished()
{
    if (!m_process)
        return;
    CliResult result;
    const bool crashed = m_killed || m_process->exitStatus() != QProcess::NormalExit;
    result.exitCode = crashed ? -1 : m_process->exitCode();
    result.out = m_process->readAllStandardOutput();
    result.err = m_process->readAllStandardError();
    // Finish with the process outside its own signal.
    QProcess *finished = m_process.release();
    finished->deleteLater();
    Done done = std::exchange(m_done, {});
    m_runningSync = false;
    if (done)
        done(result);
    startNext();
}
