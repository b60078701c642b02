#include "apiclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "synclogging.h"

namespace outpost {

ApiClient::ApiClient(int timeoutMs, QObject *parent)
    : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_timeoutMs(timeoutMs)
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ApiClient::~ApiClient()
{
    abortAll();
}

void ApiClient::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                     const QString &token, Callback done)
{
    QUrl url = m_baseUrl;
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + (q < 0 ? pathAndQuery : pathAndQuery.left(q)));
    url.setQuery(q < 0 ? QString() : pathAndQuery.mid(q + 1));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    if (!body.isEmpty() || method == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    QNetworkReply *reply = m_nam->sendCustomRequest(request, method, body);
    m_inFlight.insert(reply);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxBodyBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, done = std::move(done)]() { onFinished(reply, done); });
}

void ApiClient::onFinished(QNetworkReply *reply, const Callback &done)
{
    reply->deleteLater();
    if (!m_inFlight.remove(reply))
        return; // aborted by abortAll()
    HttpReply result;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.status = status.isValid() ? status.toInt() : 0;
    if (result.status < 100 || result.status > 599)
        result.status = 0;
    if (result.status == 0) {
        result.networkError = reply->error() == QNetworkReply::OperationCanceledError
                                  ? QStringLiteral("the request timed out")
                                  : reply->errorString();
    } else {
        result.body = reply->read(kMaxBodyBytes);
        const QByteArray retryAfter = reply->rawHeader("Retry-After").trimmed();
        bool ok = false;
        const qint64 seconds = retryAfter.toLongLong(&ok);
        if (ok && seconds > 0)
            result.retryAfterMs = std::min<qint64>(seconds, 86400) * 1000;
    }
    qCDebug(lcSync).noquote() << reply->operation() << reply->url().path() << "->" << result.status;
    done(result);
}

void ApiClient::abortAll()
{
    const QSet<QNetworkReply *> replies = std::exchange(m_inFlight, {});
    for (QNetworkReply *reply : replies)
        reply->abort();
}

} // namespace outpost
