#include "conflictservice.h"

#include <QJsonDocument>
#include <QStringList>

#include <algorithm>

#include "authservice.h"
#include "conflictlog.h"
#include "recordcheck.h"
#include "serverlogging.h"
#include "serverrecord.h"
#include "serverstore.h"
#include "writetransaction.h"

namespace outpost {

namespace {

const QString kSelect = QStringLiteral(
    "SELECT c.id, c.record_id, c.form_id, c.kind, c.status, c.policy, c.fields, c.op_id, "
    "u.username, c.version, c.created_at, c.team_id FROM conflicts c JOIN users u ON u.id = "
    "c.user_id ");

ConflictInfo readConflict(SqlRows &q, qint64 *teamId)
{
    ConflictInfo c;
    c.id = q.value(0).toLongLong();
    c.recordId = QUuid::fromString(q.value(1).toString());
    c.formId = q.value(2).toString();
    c.kind = q.value(3).toString();
    c.status = q.value(4).toString();
    c.policy = q.value(5).toString();
    c.fields = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    c.opId = QUuid::fromString(q.value(7).toString());
    c.user = q.value(8).toString();
    c.version = q.value(9).toLongLong();
    c.createdAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
    if (teamId)
        *teamId = q.value(11).toLongLong();
    return c;
}

} // namespace

Result<ConflictPage> ConflictService::list(const Caller &caller, const ConflictQuery &query)
{
    ConflictPage page;
    const QList<qint64> teams = caller.supervisedTeams();
    if (teams.isEmpty())
        return page;
    QStringList ids;
    for (qint64 id : teams)
        ids.append(QString::number(id));
    QString sql =
        kSelect + QStringLiteral("WHERE c.team_id IN (%1)").arg(ids.join(QLatin1Char(',')));
    QVariantList binds;
    if (!query.status.isEmpty()) {
        sql += QStringLiteral(" AND c.status = ?");
        binds.append(query.status);
    }
    if (query.afterId > 0) {
        sql += query.descending ? QStringLiteral(" AND c.id < ?") : QStringLiteral(" AND c.id > ?");
        binds.append(query.afterId);
    }
    // One more than the page, to know whether another follows.
    const int limit = std::clamp(query.limit, 1, ConflictQuery::kMaxLimit);
    sql += QStringLiteral(" ORDER BY c.id %1 LIMIT %2")
               .arg(query.descending ? QStringLiteral("DESC") : QStringLiteral("ASC"))
               .arg(limit + 1);
    auto q = m_store->exec(sql, binds);
    if (!q)
        return q.error();
    while (q->next())
        page.conflicts.push_back(readConflict(*q, nullptr));
    if (page.conflicts.size() > size_t(limit)) {
        page.conflicts.pop_back();
        page.hasMore = true;
    }
    return page;
}

Result<IdempotentReply> ConflictService::resolve(const Caller &caller, qint64 conflictId,
                                                 const QJsonObject &values, bool deleteRecord,
                                                 const IdempotencyKey &key)
{
    WriteTransaction tx(m_store);
    if (auto s = tx.begin(); !s)
        return s.error();
    auto stored = IdempotentReplies::replay(tx.db(), key);
    if (!stored)
        return stored.error();
    if (stored->has_value())
        return **stored;
    auto q = ServerStore::exec(tx.db(), kSelect + QStringLiteral("WHERE c.id = ? AND c.org_id = ?"),
                               {conflictId, caller.orgId});
    if (!q)
        return q.error();
    const Error notFound = Error::permanentError(QStringLiteral("not_found"),
                                                 QStringLiteral("no conflict %1").arg(conflictId));
    if (!q->next())
        return notFound;
    qint64 teamId = 0;
    ConflictInfo conflict = readConflict(*q, &teamId);
    q->finish();
    if (!caller.inTeam(teamId))
        return notFound;
    if (!caller.supervises(teamId)) {
        qCWarning(lcServer).noquote()
            << "user" << caller.username << "may not resolve conflict" << conflictId;
        return Error::permanentError(QStringLiteral("forbidden"),
                                     QStringLiteral("only a supervisor of the team may resolve"));
    }
    if (conflict.status != QStringLiteral("open"))
        return Error::permanentError(
            QStringLiteral("invalid_state"),
            QStringLiteral("conflict %1 is %2").arg(conflictId).arg(conflict.status));
    auto found = ServerRecord::find(tx.db(), conflict.recordId.toString(QUuid::WithoutBraces));
    if (!found)
        return found.error();
    if (!found->has_value())
        return notFound;
    ServerRecord record = **found;
    const qint64 version = tx.nextVersion();
    QJsonObject changes;
    if (deleteRecord) {
        changes.insert(QStringLiteral("$deleted"),
                       QJsonObject{{QStringLiteral("before"), record.deleted},
                                   {QStringLiteral("after"), true}});
        record.deleted = true;
    } else {
        if (record.deleted) {
            changes.insert(
                QStringLiteral("$deleted"),
                QJsonObject{{QStringLiteral("before"), true}, {QStringLiteral("after"), false}});
            record.deleted = false; // restored by the supervisor
        }
        for (auto it = values.begin(); it != values.end(); ++it) {
            changes.insert(it.key(),
                           QJsonObject{{QStringLiteral("before"), record.values.value(it.key())},
                                       {QStringLiteral("after"), it.value()}});
            record.values.insert(it.key(), it.value());
            record.fieldVersions.insert(it.key(), static_cast<double>(version));
        }
    }
    record.version = version;
    auto invalid = RecordCheck::check(tx.db(), record);
    if (!invalid)
        return invalid.error();
    if (*invalid && !record.deleted)
        return **invalid;
    auto others =
        ServerStore::exec(tx.db(),
                          QStringLiteral("SELECT COUNT(*) FROM conflicts WHERE record_id = ? "
                                         "AND status = 'open' AND id <> ?"),
                          {record.id, conflictId});
    if (!others)
        return others.error();
    record.inConflict = others->next() && others->value(0).toLongLong() > 0;
    others->finish();
    if (auto s = record.update(tx.db()); !s)
        return s.error();
    if (auto s =
            ConflictLog::audit(tx.db(), caller, record, {}, QStringLiteral("resolve"), changes);
        !s)
        return s.error();
    if (auto u =
            ServerStore::exec(tx.db(),
                              QStringLiteral("UPDATE conflicts SET status = 'resolved', version = "
                                             "?, resolved_by = ?, resolved_at = ? WHERE id = ?"),
                              {version, caller.userId, nowIso(), conflictId});
        !u)
        return u.error();
    conflict.status = QStringLiteral("resolved");
    conflict.version = version;
    const QJsonObject body{{QStringLiteral("record"), record.toChange().toJson()},
                           {QStringLiteral("conflict"), conflict.toJson()}};
    auto reply = IdempotentReplies::save(tx.db(), key, body);
    if (!reply)
        return reply.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    return reply;
}

} // namespace outpost
