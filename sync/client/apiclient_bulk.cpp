// ApiClient's bulk requests (ApiRequest::bulk): handed to the BulkSender (libcurl, its own
// thread); its answers and progress come back to this object's thread as queued calls, where
// an aborted request is recognised by its absence from m_bulkInFlight.
#include "apiclient.h"

#include "synclogging.h"

namespace outpost {

void ApiClient::sendBulk(const ApiRequest &spec, const QUrl &url, Headers headers, Callback done)
{
    if (!m_bulk)
        m_bulk = std::make_unique<BulkSender>();
    BulkSender::Request request;
    request.method = spec.method;
    request.url = url.toEncoded();
    request.headers = std::move(headers);
    request.body = spec.body;
    request.timeoutMs = m_timeoutMs;
    request.maxAnswerBytes = kMaxBulkAnswerBytes;
    const quint64 id = ++m_nextBulkId;
    const QString path = url.path();
    const QByteArray method = spec.method;
    auto finished = [this, id, path, method,
                     done = std::move(done)](BulkSender::Outcome out) mutable {
        // The sender's thread: on to ours, where done runs unless the request was aborted.
        // done moves along (it may hold the request's body): nothing of it stays here.
        QMetaObject::invokeMethod(
            this,
            [this, id, path, method, done = std::move(done), out = std::move(out)]() {
                if (!m_bulkInFlight.remove(id))
                    return; // aborted by abortAll() or abort(tag)
                HttpReply reply;
                reply.status = out.status;
                reply.headers = out.headers;
                reply.body = out.body;
                reply.networkError = out.error;
                if (reply.status != 0)
                    readRetryAfter(reply);
                qCDebug(lcSync).noquote() << method << path << "->" << reply.status;
                done(reply);
            },
            Qt::QueuedConnection);
    };
    BulkSender::Progress progress;
    if (spec.onUploadProgress) {
        progress = [this, id, onProgress = spec.onUploadProgress](qint64 sentBytes) {
            QMetaObject::invokeMethod(
                this,
                [this, id, onProgress, sentBytes]() {
                    if (m_bulkInFlight.contains(id))
                        onProgress(sentBytes);
                },
                Qt::QueuedConnection);
        };
    }
    m_bulkInFlight.insert(id, {spec.tag, m_bulk->start(std::move(request), std::move(finished),
                                                       std::move(progress))});
}

void ApiClient::abortBulk(const QString &tag)
{
    for (auto it = m_bulkInFlight.begin(); it != m_bulkInFlight.end();) {
        if (tag.isEmpty() || it->tag == tag) {
            it->transfer->aborted = true; // the sender's thread drops the connection
            it = m_bulkInFlight.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace outpost
