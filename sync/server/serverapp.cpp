#include "serverapp.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>

#include "api.h"
#include "httpserver.h"
#include "metrics.h"
#include "router.h"
#include "serverlogging.h"
#include "serverstore.h"
#include "sweeper.h"

namespace outpost {

ServerApp::ServerApp(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{}

ServerApp::~ServerApp()
{
    m_http.reset(); // waits for the workers before the store goes away
    if (m_sweepThread) {
        m_sweepThread->quit();
        m_sweepThread->wait();
    }
}

Result<QSslConfiguration> ServerApp::loadTls() const
{
    const QDir dir(m_config.dataDir);
    QFile certFile(dir.absoluteFilePath(m_config.tls.certificateFile));
    QFile keyFile(dir.absoluteFilePath(m_config.tls.keyFile));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return Error::permanentError(QStringLiteral("invalid_config"),
                                     QStringLiteral("cannot read the TLS certificate or key"));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (chain.isEmpty() || key.isNull())
        return Error::permanentError(QStringLiteral("invalid_config"),
                                     QStringLiteral("the TLS certificate or key is not PEM "
                                                    "(RSA or EC, unencrypted)"));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

Result<quint16> ServerApp::start(const QString &listen)
{
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    QString host = colon > 0 ? listen.left(colon) : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host);
    if (!portOk || port > 65535 || address.isNull())
        return Error::permanentError(
            QStringLiteral("invalid_listen"),
            QStringLiteral("--listen wants HOST:PORT, got \"%1\"").arg(listen));

    m_metrics = std::make_unique<Metrics>();
    m_store = std::make_unique<ServerStore>(m_config.database, m_config.sqlitePath());
    if (auto migrated = m_store->migrate(); !migrated)
        return migrated.error();
    m_router = std::make_unique<Router>();
    m_api = std::make_unique<Api>(m_store.get(), m_metrics.get(), m_config);
    m_api->registerRoutes(*m_router);

    HttpServer::Limits limits;
    // The parser admits the larger of a push body and a tus chunk; each route checks its own.
    limits.connection.parsing.maxBodyBytes =
        std::max(m_config.limits.maxBodyBytes, m_config.limits.maxUploadChunkBytes);
    limits.connection.parsing.maxHeaderBytes = m_config.limits.maxHeaderBytes;
    limits.connection.idleTimeoutMs = m_config.limits.idleTimeoutMs;
    limits.connection.requestTimeoutMs = m_config.limits.requestTimeoutMs;
    limits.maxConcurrentRequests = m_config.limits.maxConcurrentRequests;
    limits.maxQueuedRequests = m_config.limits.maxQueuedRequests;
    limits.retryAfterSeconds = m_config.limits.retryAfterSeconds;
    if (m_config.tls.enabled()) {
        auto tls = loadTls();
        if (!tls)
            return tls.error();
        limits.tls = *tls;
    }
    m_http = std::make_unique<HttpServer>(m_router.get(), m_metrics.get(), limits);
    auto bound = m_http->listenOn(address, static_cast<quint16>(port));
    if (!bound)
        return bound.error();
    m_sweepThread = std::make_unique<QThread>();
    m_sweepThread->setObjectName(QStringLiteral("sweeper"));
    m_sweeper = new Sweeper(m_store.get(), m_config);
    connect(m_sweepThread.get(), &QThread::finished, m_sweeper, &QObject::deleteLater);
    m_sweepThread->start(QThread::LowPriority);
    m_sweeper->startOn(m_sweepThread.get());
    qCInfo(lcServer).noquote() << "listening on" << address.toString() << *bound << "database"
                               << m_config.database.driver;
    return *bound;
}

} // namespace outpost
