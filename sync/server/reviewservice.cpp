#include "reviewservice.h"

#include <QJsonObject>
#include <QUuid>

#include "conflictlog.h"
#include "serverlogging.h"
#include "serverrecord.h"
#include "writetransaction.h"

namespace outpost {

Result<IdempotentReply> ReviewService::review(const Caller &caller, const QString &recordId,
                                              const QString &decision, const QString &comment,
                                              const IdempotencyKey &key)
{
    if (decision != QStringLiteral("accept") && decision != QStringLiteral("reject"))
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("decision is \"accept\" or \"reject\""));
    if (comment.size() > 4000)
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("the comment is longer than 4000 characters"));
    const QUuid id = QUuid::fromString(recordId);
    if (id.isNull())
        return Error::permanentError(QStringLiteral("not_found"),
                                     QStringLiteral("no record %1").arg(recordId.left(64)));
    WriteTransaction tx(m_store);
    if (auto s = tx.begin(); !s)
        return s.error();
    auto stored = IdempotentReplies::replay(tx.db(), key);
    if (!stored)
        return stored.error();
    if (stored->has_value())
        return **stored;
    auto found = ServerRecord::find(tx.db(), id.toString(QUuid::WithoutBraces));
    if (!found)
        return found.error();
    if (!found->has_value() || (*found)->orgId != caller.orgId ||
        !caller.inTeam((*found)->teamId) || (*found)->deleted)
        return Error::permanentError(QStringLiteral("not_found"),
                                     QStringLiteral("no record %1").arg(recordId.left(64)));
    ServerRecord record = **found;
    if (!caller.supervises(record.teamId)) {
        qCWarning(lcServer).noquote()
            << "user" << caller.username << "may not review record" << record.id;
        return Error::permanentError(QStringLiteral("forbidden"),
                                     QStringLiteral("only a supervisor of the team may review"));
    }
    if (record.state != QStringLiteral("finalized"))
        return Error::permanentError(
            QStringLiteral("invalid_state"),
            QStringLiteral("the record is %1, not finalized").arg(record.state));
    const QString newState = decision == QStringLiteral("accept") ? QStringLiteral("accepted")
                                                                  : QStringLiteral("rejected");
    const QJsonObject changes{
        {QStringLiteral("$state"), QJsonObject{{QStringLiteral("before"), record.state},
                                               {QStringLiteral("after"), newState}}},
        {QStringLiteral("$review_comment"),
         QJsonObject{{QStringLiteral("before"), record.reviewComment},
                     {QStringLiteral("after"), comment}}}};
    record.state = newState;
    record.reviewComment = comment;
    record.version = tx.nextVersion();
    if (auto s = record.update(tx.db()); !s)
        return s.error();
    if (auto s = ConflictLog::audit(tx.db(), caller, record, {}, QStringLiteral("review"), changes);
        !s)
        return s.error();
    const QJsonObject body = record.toChange().toJson();
    auto reply = IdempotentReplies::save(tx.db(), key, body);
    if (!reply)
        return reply.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    return reply;
}

} // namespace outpost
