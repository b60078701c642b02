// SyncEngine's push (syncengine.h; docs/sync-engine.md "Push pipeline"): outbox batches
// in a pipeline of SyncConfig::pushPipelineDepth requests. The server works on batch N+1
// while the device writes the answer of N and builds the next one. Ordering: a batch never
// holds an op of a record with an op in a batch sent and not yet written back, so one
// record's ops reach the server in outbox order whatever order the requests are served in.
// Nothing is marked before its own batch's 2xx answer; any failure drops every batch in
// flight (their ops stay pending; the server replays the results of those it had applied).
#include "syncengine.h"

#include "apiclient.h"
#include "localstore.h"
#include "puller.h"
#include "pushresponse.h"
#include "synclogging.h"

namespace outpost {

namespace {

const QString kPushTag = QStringLiteral("push");

QList<QUuid> opIds(const QList<Operation> &ops)
{
    QList<QUuid> ids;
    ids.reserve(ops.size());
    for (const Operation &op : ops)
        ids << op.opId;
    return ids;
}

} // namespace

void SyncEngine::startPush()
{
    endPush(); // nothing left from an earlier cycle
    if (Status s = m_store->deferCheckpoints(true); !s)
        return failCycle(s.error());
    m_checkpointsDeferred = true;
    fillPushPipeline();
}

void SyncEngine::fillPushPipeline()
{
    const int depth = std::max(1, m_config.pushPipelineDepth);
    while (m_cycleRunning && m_pushesUnanswered < depth) {
        auto batch = Pusher(m_store).nextBatch(m_batchOps, m_busyRecords);
        if (!batch)
            return failCycle(batch.error());
        if (batch->ops.isEmpty()) {
            if (m_pushes.isEmpty())
                finishPush();
            return; // what is left belongs to records in flight: sent once their answer is in
        }
        sendPush(std::move(*batch));
    }
}

void SyncEngine::sendPush(PushBatch batch)
{
    const quint64 id = ++m_lastPushId;
    ApiRequest request =
        ApiRequest::json("POST", QStringLiteral("/api/v1/push"), std::exchange(batch.body, {}));
    request.tag = kPushTag;
    m_busyRecords.unite(batch.recordIds);
    m_pushes.insert(id, SentBatch{std::move(batch), false});
    ++m_pushesUnanswered;
    sendAuthed(request, [this, id](const HttpReply &reply) { onPushReply(id, reply); });
}

void SyncEngine::onPushReply(quint64 batchId, const HttpReply &reply)
{
    const auto sent = m_pushes.find(batchId);
    if (sent == m_pushes.end() || !m_cycleRunning)
        return; // dropped (aborted requests call nothing; this is a safety net)
    sent->answered = true;
    --m_pushesUnanswered;
    const QList<Operation> ops = sent->batch.ops;
    if (reply.status == 413) {
        const QString code = reply.error().code;
        if (ops.size() > 1) {
            m_batchOps = std::max(1, static_cast<int>(ops.size()) / 2);
            qCInfo(lcSync) << "batch too large for the server; now" << m_batchOps << "ops";
            dropPushes();
            return fillPushPipeline();
        }
        if (code == QStringLiteral("payload_too_large") || code == QStringLiteral("too_many_ops")) {
            // One op alone is more than the server takes: it can never be sent as it is.
            if (Status s = Pusher(m_store).reject(ops.first(), code + QStringLiteral(": ") +
                                                                   reply.error().message);
                !s)
                return failCycle(s.error());
            dropPushes();
            return fillPushPipeline();
        }
    }
    if (!reply.isSuccess()) {
        (void)m_store->recordAttemptFailure(opIds(ops), reply.error().message);
        return failCycle(reply.error(), reply.retryAfterMs);
    }
    // Keep the server busy: the next batch leaves before this answer is decoded and written
    // (this batch's records stay busy until then, so none of their ops can be in it).
    fillPushPipeline();
    if (!m_cycleRunning)
        return;
    auto json = reply.json();
    auto response = json ? PushResponse::fromJson(*json) : Result<PushResponse>(json.error());
    if (!response) {
        (void)m_store->recordAttemptFailure(opIds(ops), QStringLiteral("malformed push answer"));
        return failCycle(Error::transientError(QStringLiteral("invalid_response"),
                                               QStringLiteral("the push answer is malformed: ") +
                                                   response.error().message.left(200)));
    }
    auto outcome = Pusher(m_store).apply(ops, *response);
    for (const QString &record : m_pushes.take(batchId).batch.recordIds)
        m_busyRecords.remove(record);
    if (!outcome)
        return failCycle(outcome.error());
    m_state.progressDone += outcome->applied + outcome->conflicts + outcome->rejected;
    if (outcome->unanswered == ops.size())
        return failCycle(Error::transientError(QStringLiteral("invalid_response"),
                                               QStringLiteral("the push answer had no usable "
                                                              "result for the batch")));
    publish();
    fillPushPipeline(); // records freed: their next ops, or the end of the push
}

void SyncEngine::finishPush()
{
    endPush(); // one checkpoint for the whole push
    setPhase(SyncPhase::Pulling);
    m_state.progressDone = 0;
    m_state.progressTotal = -1;
    m_lastCursor = Puller(m_store).cursor().valueOr(QString());
    syncReviews();
}

void SyncEngine::dropPushes()
{
    if (!m_pushes.isEmpty() && m_api)
        m_api->abort(kPushTag);
    m_pushes.clear();
    m_busyRecords.clear();
    m_pushesUnanswered = 0;
}

void SyncEngine::endPush()
{
    dropPushes();
    if (m_checkpointsDeferred && m_store) {
        if (Status s = m_store->deferCheckpoints(false); !s)
            qCInfo(lcSync).noquote() << "checkpoint after the push:" << s.error().message;
    }
    m_checkpointsDeferred = false;
}

} // namespace outpost
