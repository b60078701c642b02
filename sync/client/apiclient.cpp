#include "apiclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "synclogging.h"

namespace outpost {

namespace {

constexpr qint64 kStreamBufferBytes = 1024 * 1024; // what Qt may hold of a streamed answer

} // namespace

ApiClient::ApiClient(int timeoutMs, QObject *parent)
    : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_timeoutMs(timeoutMs)
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ApiClient::~ApiClient()
{
    abortAll();
    m_bulk.reset(); // waits for its thread, which ends the aborted transfer first
}

void ApiClient::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                     const QString &token, Callback done)
{
    send(ApiRequest::json(method, pathAndQuery, body), token, std::move(done));
}

QUrl ApiClient::urlFor(const QString &pathAndQuery) const
{
    QUrl url = m_baseUrl;
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + (q < 0 ? pathAndQuery : pathAndQuery.left(q)));
    url.setQuery(q < 0 ? QString() : pathAndQuery.mid(q + 1));
    return url;
}

void ApiClient::send(const ApiRequest &spec, const QString &token, Callback done)
{
    const QUrl url = urlFor(spec.path);
    Headers headers;
    if (!spec.contentType.isEmpty())
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", spec.contentType));
    else if (!spec.body.isEmpty() || spec.method == "POST")
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    headers += spec.headers;
    if (!token.isEmpty())
        headers.append(
            std::pair<QByteArray, QByteArray>("Authorization", "Bearer " + token.toLatin1()));
    if (spec.bulk && !spec.onData)
        return sendBulk(spec, url, std::move(headers), std::move(done));

    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    for (const auto &[name, value] : std::as_const(headers))
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_nam->sendCustomRequest(request, spec.method, spec.body);
    m_inFlight.insert(reply, spec.tag);
    if (spec.onUploadProgress)
        connect(reply, &QNetworkReply::uploadProgress, reply,
                [progress = spec.onUploadProgress](qint64 sent, qint64) { progress(sent); });
    if (spec.onData) {
        reply->setReadBufferSize(kStreamBufferBytes);
        connect(reply, &QNetworkReply::readyRead, reply, [reply, onData = spec.onData]() {
            const HttpReply answer = head(reply);
            if (!answer.isSuccess())
                return; // collected as an error body in onFinished
            const QByteArray data = reply->readAll();
            if (!data.isEmpty() && !onData(answer, data))
                reply->abort();
        });
    } else {
        connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
            if (received > kMaxBodyBytes)
                reply->abort();
        });
    }
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, done = std::move(done), onData = spec.onData]() {
                onFinished(reply, done, onData);
            });
}

HttpReply ApiClient::head(QNetworkReply *reply)
{
    HttpReply result;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.status = status.isValid() ? status.toInt() : 0;
    if (result.status < 100 || result.status > 599)
        result.status = 0;
    if (result.status != 0) {
        for (const auto &[name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
    }
    return result;
}

void ApiClient::onFinished(QNetworkReply *reply, const Callback &done, const DataCallback &onData)
{
    reply->deleteLater();
    if (!m_inFlight.remove(reply))
        return; // aborted by abortAll() or abort(tag)
    HttpReply result = head(reply);
    const bool streamed = onData && result.isSuccess();
    bool refused = false;
    if (streamed && reply->error() == QNetworkReply::NoError) {
        const QByteArray rest = reply->readAll();
        refused = !rest.isEmpty() && !onData(result, rest);
    }
    if (result.status == 0 || refused || reply->error() == QNetworkReply::OperationCanceledError ||
        (streamed && reply->error() != QNetworkReply::NoError)) {
        result.status = 0;
        result.headers.clear();
        result.networkError = refused ? QStringLiteral("the answer could not be stored")
                              : reply->error() == QNetworkReply::OperationCanceledError
                                  ? QStringLiteral("the request timed out")
                                  : reply->errorString();
    } else {
        if (!streamed)
            result.body = reply->read(kMaxBodyBytes);
        readRetryAfter(result);
    }
    qCDebug(lcSync).noquote() << reply->operation() << reply->url().path() << "->" << result.status;
    done(result);
}

void ApiClient::readRetryAfter(HttpReply &reply)
{
    bool ok = false;
    const qint64 seconds = reply.header("retry-after").trimmed().toLongLong(&ok);
    if (ok && seconds > 0)
        reply.retryAfterMs = std::min<qint64>(seconds, 86400) * 1000;
}

void ApiClient::abortAll()
{
    abortBulk({});
    const auto replies = std::exchange(m_inFlight, {});
    for (auto it = replies.begin(); it != replies.end(); ++it)
        it.key()->abort();
}

void ApiClient::abort(const QString &tag)
{
    if (tag.isEmpty())
        return;
    abortBulk(tag);
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (it.value() == tag) {
            QNetworkReply *reply = it.key();
            it = m_inFlight.erase(it);
            reply->abort();
        } else {
            ++it;
        }
    }
}

} // namespace outpost
