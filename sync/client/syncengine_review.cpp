// SyncEngine's review step (between push and pull): what the device knows of its user's roles
// (GET /api/v1/me, once), the supervisor's queued decisions (reviewqueue.h) sent in order, each
// removed only once the server answered it, then the resolved conflicts for the history.
#include <QJsonDocument>

#include "apiclient.h"
#include "apirequest.h"
#include "localstore.h"
#include "reviewqueue.h"
#include "syncengine.h"
#include "synclogging.h"

namespace outpost {

namespace {

constexpr int kResolvedHistorySize = 200;

QByteArray compactJson(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace

void SyncEngine::queueReview(const QJsonObject &action)
{
    if (!m_store)
        return;
    if (Status s = reviewqueue::enqueue(*m_store, action); !s) {
        qCWarning(lcSync) << "could not queue a review decision:" << s.error().code;
        return;
    }
    localChanged();
}

void SyncEngine::syncReviews()
{
    if (!m_store->syncState(reviewqueue::kMeKey).valueOr(QString()).isEmpty())
        return sendNextReview();
    sendAuthed("GET", QStringLiteral("/api/v1/me"), {}, [this](const HttpReply &reply) {
        if (!m_store || !m_cycleRunning)
            return;
        if (!reply.isSuccess()) {
            const Error error = reply.error();
            if (reply.status == 401 || reply.status == 410 || !error.isPermanent())
                return failCycle(error, reply.retryAfterMs);
            return sendNextReview(); // a server without /me: no roles known, sync goes on
        }
        auto json = reply.json();
        if (!json)
            return failCycle(json.error());
        if (Status s =
                m_store->setSyncState(reviewqueue::kMeKey, QString::fromUtf8(compactJson(*json)));
            !s)
            return failCycle(s.error());
        sendNextReview();
    });
}

void SyncEngine::sendNextReview()
{
    auto queue = reviewqueue::pending(*m_store);
    if (!queue)
        return failCycle(queue.error());
    if (queue->isEmpty())
        return fetchResolvedConflicts();
    const QJsonObject action = queue->first().toObject();
    const QString id = action.value(QStringLiteral("id")).toString();
    // The entry's id (a UUID made when it was queued) is its Idempotency-Key: a resend after
    // a lost answer gets the server's first answer back instead of a 409.
    ApiRequest request =
        ApiRequest::json("POST", action.value(QStringLiteral("path")).toString(),
                         compactJson(action.value(QStringLiteral("body")).toObject()));
    request.addHeader("Idempotency-Key", id.toLatin1());
    sendAuthed(request, [this, id](const HttpReply &reply) {
        if (!m_store || !m_cycleRunning)
            return;
        Status s;
        if (reply.isSuccess()) {
            s = reviewqueue::remove(*m_store, id);
        } else {
            const Error error = reply.error();
            if (reply.status == 401 || reply.status == 410 || !error.isPermanent())
                return failCycle(error, reply.retryAfterMs);
            // Already decided by someone else (or, with a server older than
            // Idempotency-Key on these requests, our own decision whose answer
            // was lost). The resolved history shows what the server holds.
            if (reply.status == 409 && error.code == QStringLiteral("invalid_state")) {
                qCInfo(lcSync) << "a review decision was already taken on the server";
                s = reviewqueue::remove(*m_store, id);
                if (!s)
                    return failCycle(s.error());
                return sendNextReview();
            }
            // Refused for good (not open any more, not finalized, ...): kept
            // with the reason for the supervisor, never blocks the next ones.
            s = reviewqueue::fail(*m_store, id, error.code + QStringLiteral(": ") + error.message);
        }
        if (!s)
            return failCycle(s.error());
        sendNextReview();
    });
}

void SyncEngine::fetchResolvedConflicts()
{
    if (!reviewqueue::isSupervisor(*m_store))
        return pullNext();
    // The history shows the latest resolutions: newest first, one page.
    sendAuthed("GET",
               QStringLiteral("/api/v1/conflicts?status=resolved&order=desc&limit=%1")
                   .arg(kResolvedHistorySize),
               {}, [this](const HttpReply &reply) {
                   if (!m_store || !m_cycleRunning)
                       return;
                   // The history is information only: a failure here never stops the sync.
                   if (auto json = reply.json(); reply.isSuccess() && json)
                       (void)m_store->setSyncState(reviewqueue::kResolvedKey,
                                                   QString::fromUtf8(compactJson(*json)));
                   pullNext();
               });
}

} // namespace outpost
