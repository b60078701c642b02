#include "pusher.h"

#include <QHash>

#include "localstore.h"
#include "pushbodywriter.h"
#include "synclogging.h"

namespace outpost {

Result<PushBatch> Pusher::nextBatch(int maxOps, const QSet<QString> &busyRecordIds) const
{
    auto pending = m_store->pendingForPush(maxOps, busyRecordIds);
    if (!pending)
        return pending.error();
    PushBatch batch;
    batch.ops.reserve(pending->size());
    PushBodyWriter writer;
    for (const PendingOperation &entry : *pending) {
        writer.add(entry.operation, entry.fieldsJson);
        batch.ops.append(entry.operation);
        batch.recordIds.insert(entry.operation.entityId.toString(QUuid::WithoutBraces));
    }
    if (!batch.ops.isEmpty())
        batch.body = writer.finish();
    return batch;
}

Result<PushOutcome> Pusher::apply(const QList<Operation> &batch, const PushResponse &response)
{
    QHash<QString, const OpResult *> byId;
    for (const OpResult &result : response.results)
        byId.insert(result.opId, &result);
    PushOutcome outcome;
    QList<QUuid> unanswered;
    QList<AppliedOperation> applied; // marked together, in one store transaction
    QList<QUuid> conflicted;
    for (const Operation &op : batch) {
        const QString id = op.opId.toString(QUuid::WithoutBraces);
        const OpResult *result = byId.value(id, nullptr);
        if (!result) {
            ++outcome.unanswered;
            unanswered << op.opId;
            continue;
        }
        switch (result->status) {
        case OpStatus::Applied:
        case OpStatus::Merged:
        case OpStatus::Conflict: {
            if (result->version <= 0) {
                ++outcome.unanswered;
                unanswered << op.opId;
                continue;
            }
            // Applied: our record now equals the server's at that version. Merged / Conflict:
            // the server's record at that version also holds changes we have not seen: the
            // store applies the pull of that version instead of skipping it as known.
            applied << AppliedOperation{op.opId, result->version,
                                        result->status != OpStatus::Applied};
            if (result->status == OpStatus::Conflict) {
                ++outcome.conflicts;
                conflicted << op.entityId;
            } else {
                ++outcome.applied;
            }
            break;
        }
        case OpStatus::Rejected: {
            const QString reason =
                result->errorCode.left(64) + QStringLiteral(": ") + result->message.left(500);
            if (Status s = m_store->markRejected(op.opId, reason); !s)
                return s.error();
            ++outcome.rejected;
            qCInfo(lcSync).noquote() << "op" << id << "rejected:" << result->errorCode;
            break;
        }
        }
    }
    if (Status s = m_store->markApplied(applied); !s)
        return s.error();
    for (const QUuid &record : conflicted) {
        Status s = m_store->setConflict(record, true);
        if (!s && s.error().code != QStringLiteral("record_not_found"))
            return s.error();
    }
    if (!unanswered.isEmpty()) {
        if (Status s = m_store->recordAttemptFailure(
                unanswered, QStringLiteral("the server's answer had no usable result"));
            !s)
            return s.error();
    }
    return outcome;
}

Status Pusher::reject(const Operation &op, const QString &reason)
{
    return m_store->markRejected(op.opId, reason);
}

} // namespace outpost
