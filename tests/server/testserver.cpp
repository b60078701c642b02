#include "testserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sys/resource.h>

namespace {

QString tmpRoot()
{
    const QString root = qEnvironmentVariable("OUTPOST_TEST_TMP", QDir::tempPath());
    QDir().mkpath(root);
    return root;
}

int pgPort()
{
    QFile file(qEnvironmentVariable("OUTPOST_TEST_PG_STATE") + QStringLiteral("/port"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toInt();
}

bool createPgDatabase(const QString &name, QString *error)
{
    const QString connection = QStringLiteral("outpost-test-admin-") + name;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(pgPort());
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            *error = QStringLiteral("cannot reach the test PostgreSQL: ") + db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("CREATE DATABASE %1").arg(name));
            if (!ok)
                *error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

// The built outpost-server, or OUTPOST_TEST_SERVER_BINARY (another build, to compare before
// and after a change: init, admin commands and serve all run it).
QString serverBinary()
{
    return qEnvironmentVariable("OUTPOST_TEST_SERVER_BINARY",
                                QStringLiteral(OUTPOST_SERVER_BINARY));
}

} // namespace

TestServer::TestServer() = default;

TestServer::~TestServer()
{
    stop();
}

bool TestServer::usePostgres()
{
    return qEnvironmentVariable("OUTPOST_TEST_DB") == QStringLiteral("postgres");
}

bool TestServer::makeTestCertificate()
{
    QProcess openssl;
    openssl.setWorkingDirectory(m_dataDir);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   QStringLiteral("key.pem"), QStringLiteral("-out"), QStringLiteral("cert.pem"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1")});
    return openssl.waitForFinished(60000) && openssl.exitStatus() == QProcess::NormalExit &&
           openssl.exitCode() == 0;
}

bool TestServer::init(const QJsonObject &overrides)
{
    const QString id = QUuid::createUuid().toString(QUuid::Id128).left(16);
    m_dataDir = tmpRoot() + QStringLiteral("/server-") + id;
    QDir().mkpath(m_dataDir);
    QJsonObject config{{QStringLiteral("auth"), QJsonObject{{QStringLiteral("password_cost"),
                                                             QStringLiteral("interactive")}}}};
    if (usePostgres()) {
        const QString dbName = QStringLiteral("outpost_t_") + id;
        if (!createPgDatabase(dbName, &m_error))
            return false;
        config.insert(QStringLiteral("database"),
                      QJsonObject{{QStringLiteral("driver"), QStringLiteral("postgres")},
                                  {QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                  {QStringLiteral("port"), pgPort()},
                                  {QStringLiteral("name"), dbName},
                                  {QStringLiteral("user"), QStringLiteral("postgres")}});
    }
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        if (it->isObject() && config.value(it.key()).isObject()) {
            QJsonObject merged = config.value(it.key()).toObject();
            const QJsonObject extra = it->toObject();
            for (auto e = extra.begin(); e != extra.end(); ++e)
                merged.insert(e.key(), e.value());
            config.insert(it.key(), merged);
        } else {
            config.insert(it.key(), it.value());
        }
    }
    QFile file(m_dataDir + QStringLiteral("/outpost-server.json"));
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write the config");
        return false;
    }
    file.write(QJsonDocument(config).toJson());
    file.close();
    const AdminResult result = admin({QStringLiteral("init")});
    if (result.exitCode != 0) {
        m_error = QString::fromUtf8(result.err + result.out);
        return false;
    }
    return true;
}

bool TestServer::shareDataOf(const TestServer &other)
{
    m_dataDir = other.m_dataDir;
    return serve();
}

bool TestServer::serve()
{
    stop();
    m_output.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const QStringList wrapper =
        qEnvironmentVariable("OUTPOST_SERVER_WRAPPER").split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QStringList command = wrapper;
    command << serverBinary() << QStringLiteral("serve") << QStringLiteral("--data") << m_dataDir
            << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0");
    if (const qint64 limit = m_fileSizeLimit; limit > 0) {
        m_process->setChildProcessModifier([limit] {
            const rlimit bytes{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
            ::setrlimit(RLIMIT_FSIZE, &bytes);
        });
    }
    m_process->start(command.takeFirst(), command);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("outpost-server did not start");
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("listening on port (\\d+)"));
    QElapsedTimer timer;
    timer.start();
    const int startMs = wrapper.isEmpty() ? 30000 : 300000; // valgrind starts slowly
    while (timer.elapsed() < startMs) {
        m_process->waitForReadyRead(100);
        m_output += m_process->readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_port = static_cast<quint16>(match.captured(1).toUInt());
            return true;
        }
        if (m_process->state() == QProcess::NotRunning)
            break;
    }
    m_error =
        QStringLiteral("outpost-server did not report its port: ") + QString::fromUtf8(m_output);
    return false;
}

QByteArray TestServer::serverOutput()
{
    if (m_process)
        m_output += m_process->readAll();
    return m_output;
}

void TestServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
    m_port = 0;
}

void TestServer::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
    m_process.reset();
    m_port = 0;
}

TestServer::AdminResult TestServer::admin(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    QStringList args = arguments;
    args.insert(1, QStringLiteral("--data"));
    args.insert(2, m_dataDir);
    process.start(serverBinary(), args);
    process.waitForStarted(10000);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    AdminResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}
