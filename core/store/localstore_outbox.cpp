// LocalStore: the outbox and what the sync engine reports back (push results, pulled pages,
// conflicts, sync state).
#include "localstore.h"

#include "recordtext.h"
#include "storeconnection.h"
#include "storeerrors.h"
#include "storelogging.h"
#include "writetransaction.h"

#include <QJsonDocument>

namespace outpost {

using namespace storeerrors;

namespace {

constexpr const char *kOutboxColumns =
    "SELECT seq, op_id, entity, entity_id, kind, base_version, form_id, form_version,"
    " fields_json, state, device_time_ms, status, attempts, last_error, reject_reason"
    " FROM outbox WHERE status = ?1 ORDER BY seq LIMIT ?2";

// Columns 1-10 of kOutboxColumns (and of pendingForPush's query, same order): the
// operation, its fields (column 8) excepted: the caller decodes them or keeps the text.
Status readOperation(const SqliteStatement &stmt, Operation &op)
{
    op.opId = QUuid::fromString(stmt.columnText(1));
    op.entity = stmt.columnText(2);
    op.entityId = QUuid::fromString(stmt.columnText(3));
    auto kind = operationKindFromName(stmt.columnText(4));
    if (!kind)
        return Error::permanentError(QStringLiteral("store_corrupt"), kind.error().message);
    op.kind = *kind;
    op.baseVersion = stmt.columnInt64(5);
    op.formId = stmt.columnText(6);
    op.formVersion = stmt.columnInt(7);
    op.state = stmt.columnText(9);
    op.deviceTime = fromMs(stmt.columnInt64(10));
    return {};
}

Result<QList<OutboxEntry>> readEntries(SqliteStatement &stmt)
{
    QList<OutboxEntry> entries;
    for (;;) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        OutboxEntry entry;
        entry.sequence = stmt.columnInt64(0);
        Operation &op = entry.operation;
        if (Status s = readOperation(stmt, op); !s)
            return s.error();
        op.fields = QJsonDocument::fromJson(stmt.columnBytes(8)).object();
        entry.status = stmt.columnText(11) == QStringLiteral("rejected") ? OutboxStatus::Rejected
                                                                         : OutboxStatus::Pending;
        entry.attempts = stmt.columnInt(12);
        entry.lastError = stmt.columnText(13);
        entry.rejectReason = stmt.columnText(14);
        entry.queuedAt = op.deviceTime;
        entries.append(std::move(entry));
    }
    return entries;
}

// Queries of one record's outbox operations write `+status`: the unary plus keeps SQLite
// (3.15 inside SQLCipher 3.4.1, no ANALYZE statistics) from walking outbox_by_status, i.e.
// every pending operation, instead of outbox_by_entity: with 10,000 queued operations that
// made each acknowledgement and each edit O(outbox), a push of 10k ops quadratic.
//
// The derived sync status of a record row being written, from its (new) conflict flag F and
// its outbox operations (record id I): the same rule as LocalStore::refreshSyncStatus().
#define OUTPOST_SYNC_STATUS_SQL(F, I)                                                              \
    "CASE WHEN " F " THEN 'conflict'"                                                              \
    " WHEN EXISTS (SELECT 1 FROM outbox WHERE entity_id = " I " AND +status = 'rejected')"         \
    "  THEN 'rejected'"                                                                            \
    " WHEN EXISTS (SELECT 1 FROM outbox WHERE entity_id = " I " AND +status = 'pending')"          \
    "  THEN 'pending'"                                                                             \
    " ELSE 'synced' END"

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Error operationNotFound(const QUuid &opId)
{
    return Error::permanentError(
        QStringLiteral("operation_not_found"),
        QStringLiteral("no operation %1 in the outbox").arg(uuidText(opId)));
}

enum class OpFilter
{
    Any,
    Rejected
};

// The record an outbox operation belongs to; "operation_not_found" if there is no such
// operation (or, with OpFilter::Rejected, no such rejected one).
Result<QString> entityIdOf(SqliteDatabase &db, const QUuid &opId, OpFilter filter)
{
    auto find =
        db.cached(filter == OpFilter::Rejected ? "SELECT entity_id FROM outbox WHERE op_id = ?1"
                                                 " AND status = 'rejected'"
                                               : "SELECT entity_id FROM outbox WHERE op_id = ?1");
    if (!find)
        return find.error();
    (*find)->bind(1, uuidText(opId));
    auto row = (*find)->step();
    if (!row)
        return row.error();
    if (!*row)
        return operationNotFound(opId);
    const QString entityId = (*find)->columnText(0);
    (*find)->reset();
    return entityId;
}

} // namespace

Result<QList<OutboxEntry>> LocalStore::pendingOperations(int limit) const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(kOutboxColumns);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QStringLiteral("pending"));
    (*stmt)->bind(2, static_cast<qint64>(limit));
    return readEntries(**stmt);
}

Result<QList<PendingOperation>> LocalStore::pendingForPush(int maxOps,
                                                           const QSet<QString> &skipRecordIds) const
{
    if (!m_connection)
        return locked();
    if (maxOps <= 0)
        return invalidArgument(QStringLiteral("a push batch holds at least one operation"));
    // No LIMIT: the rows of skipped records are stepped over (their entity id is read, nothing
    // else), at most the batches in flight.
    auto stmt = m_connection->db().cached(
        "SELECT seq, op_id, entity, entity_id, kind, base_version, form_id, form_version,"
        " fields_json, state, device_time_ms FROM outbox WHERE status = 'pending' ORDER BY seq");
    if (!stmt)
        return stmt.error();
    SqliteStatement &s = **stmt;
    QList<PendingOperation> batch;
    batch.reserve(maxOps);
    while (batch.size() < maxOps) {
        auto row = s.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (skipRecordIds.contains(s.columnText(3)))
            continue;
        PendingOperation pending;
        pending.sequence = s.columnInt64(0);
        if (Status read = readOperation(s, pending.operation); !read)
            return read.error();
        pending.fieldsJson = s.columnBytes(8);
        batch.append(std::move(pending));
    }
    s.reset();
    return batch;
}

Result<QList<OutboxEntry>> LocalStore::rejectedOperations() const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(kOutboxColumns);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QStringLiteral("rejected"));
    (*stmt)->bind(2, static_cast<qint64>(-1));
    return readEntries(**stmt);
}

Result<int> LocalStore::pendingOperationCount() const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached("SELECT count(*) FROM outbox WHERE status = 'pending'");
    if (!stmt)
        return stmt.error();
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    const int count = (*stmt)->columnInt(0);
    (*stmt)->reset();
    return count;
}

Status LocalStore::markApplied(const QUuid &opId, qint64 serverVersion)
{
    return markApplied(QList<AppliedOperation>{AppliedOperation{opId, serverVersion, false}});
}

Status LocalStore::markApplied(const AppliedOperation &applied)
{
    return markApplied(QList<AppliedOperation>{applied});
}

Status LocalStore::markApplied(const QList<AppliedOperation> &applied)
{
    if (!m_connection)
        return locked();
    for (const AppliedOperation &op : applied) {
        if (op.serverVersion <= 0)
            return invalidArgument(QStringLiteral("a server version is positive"));
    }
    if (applied.isEmpty())
        return {};
    WriteTransaction tx(m_connection->db());
    if (!tx.begun())
        return tx.begun();
    QList<QUuid> changed;
    for (const AppliedOperation &op : applied) {
        if (Status s = markAppliedInTransaction(op, changed); !s)
            return s;
    }
    if (Status s = tx.commit(); !s)
        return s;
    if (!changed.isEmpty()) {
        emit recordsChanged(changed);
        emit outboxChanged();
    }
    return {};
}

Status LocalStore::markAppliedInTransaction(const AppliedOperation &applied, QList<QUuid> &changed)
{
    SqliteDatabase &db = m_connection->db();
    const qint64 serverVersion = applied.serverVersion;
    auto find = db.cached("SELECT seq, entity_id, kind, base_version FROM outbox WHERE op_id = ?1");
    if (!find)
        return find.error();
    (*find)->bind(1, uuidText(applied.opId));
    auto row = (*find)->step();
    if (!row)
        return row.error();
    if (!*row)
        return {}; // already applied (a replayed acknowledgement): nothing to do
    const qint64 seq = (*find)->columnInt64(0);
    const QString entityId = (*find)->columnText(1);
    const QString kind = (*find)->columnText(2);
    const qint64 baseVersion = (*find)->columnInt64(3);
    (*find)->reset();

    auto remove = db.cached("DELETE FROM outbox WHERE seq = ?1");
    if (!remove)
        return remove.error();
    (*remove)->bind(1, seq);
    if (Status s = (*remove)->run(); !s)
        return s;
    // Later operations of this record made on the same base were made on top of this one:
    // their base is now the version the server gave it (else the server would see our own
    // change as a concurrent one).
    auto rebase = db.cached("UPDATE OR FAIL outbox SET base_version = ?1 WHERE entity_id = ?2"
                            " AND +status = 'pending' AND seq > ?3 AND base_version = ?4");
    if (!rebase)
        return rebase.error();
    (*rebase)->bind(1, serverVersion);
    (*rebase)->bind(2, entityId);
    (*rebase)->bind(3, seq);
    (*rebase)->bind(4, baseVersion);
    if (Status s = (*rebase)->run(); !s)
        return s;
    // The version grows; a record whose server copy differs from ours at that version is
    // marked stale, so that the pull of that version is applied. The sync status is computed
    // in the same statement (one write of the row and of its list index entry). SET
    // expressions see the row's old values.
    auto version = db.cached(
        "UPDATE OR FAIL records SET server_version = max(server_version, ?2),"
        " server_stale = CASE WHEN ?3 AND server_version < ?2 THEN 1 ELSE server_stale END,"
        " sync_status = " OUTPOST_SYNC_STATUS_SQL("in_conflict", "?1") " WHERE id = ?1");
    if (!version)
        return version.error();
    (*version)->bind(1, entityId);
    (*version)->bind(2, serverVersion);
    (*version)->bind(3, applied.serverRecordDiffers ? 1 : 0);
    if (Status s = (*version)->run(); !s)
        return s;
    if (kind == QStringLiteral("delete")) {
        // The server has the delete: purge the tombstone unless something still refers to it.
        auto purge = db.cached("DELETE FROM records WHERE id = ?1 AND deleted = 1 AND NOT EXISTS"
                               " (SELECT 1 FROM outbox WHERE entity_id = ?1)");
        if (!purge)
            return purge.error();
        (*purge)->bind(1, entityId);
        if (Status s = (*purge)->run(); !s)
            return s;
    }
    changed << QUuid::fromString(entityId);
    return {};
}

Status LocalStore::markRejected(const QUuid &opId, const QString &reason)
{
    if (!m_connection)
        return locked();
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun();
    auto found = entityIdOf(db, opId, OpFilter::Any);
    if (!found)
        return found.error();
    const QString entityId = *found;
    auto update = db.cached("UPDATE OR FAIL outbox SET status = 'rejected', reject_reason = ?2"
                            " WHERE op_id = ?1");
    if (!update)
        return update.error();
    (*update)->bind(1, uuidText(opId));
    (*update)->bind(2, reason);
    if (Status s = (*update)->run(); !s)
        return s;
    if (Status s = refreshSyncStatus(entityId); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    emit recordsChanged({QUuid::fromString(entityId)});
    emit outboxChanged();
    return {};
}

Status LocalStore::recordAttemptFailure(const QList<QUuid> &opIds, const QString &error)
{
    if (!m_connection)
        return locked();
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun();
    for (const QUuid &opId : opIds) {
        auto update = db.cached("UPDATE OR FAIL outbox SET attempts = attempts + 1, last_error = ?2"
                                " WHERE op_id = ?1");
        if (!update)
            return update.error();
        (*update)->bind(1, uuidText(opId));
        (*update)->bind(2, error);
        if (Status s = (*update)->run(); !s)
            return s;
    }
    return tx.commit();
}

Status LocalStore::dismissRejected(const QUuid &opId)
{
    if (!m_connection)
        return locked();
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun();
    auto found = entityIdOf(db, opId, OpFilter::Rejected);
    if (!found)
        return found.error();
    const QString entityId = *found;
    auto remove = db.cached("DELETE FROM outbox WHERE op_id = ?1");
    if (!remove)
        return remove.error();
    (*remove)->bind(1, uuidText(opId));
    if (Status s = (*remove)->run(); !s)
        return s;
    if (Status s = refreshSyncStatus(entityId); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    emit recordsChanged({QUuid::fromString(entityId)});
    emit outboxChanged();
    return {};
}

Status LocalStore::setConflict(const QUuid &recordId, bool inConflict)
{
    if (!m_connection)
        return locked();
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun();
    auto update = db.cached("UPDATE OR FAIL records SET in_conflict = ?2 WHERE id = ?1");
    if (!update)
        return update.error();
    (*update)->bind(1, uuidText(recordId));
    (*update)->bind(2, inConflict ? 1 : 0);
    if (Status s = (*update)->run(); !s)
        return s;
    if (db.changes() == 0)
        return recordNotFound(recordId);
    if (Status s = refreshSyncStatus(uuidText(recordId)); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    emit recordsChanged({recordId});
    return {};
}

// A record this device has never seen: no local operation can refer to it (operations always
// come with a local row), so it is written once with its final sync status, and its search
// row is new.
Status LocalStore::insertServerRecord(const Record &server, bool inConflict)
{
    SqliteDatabase &db = m_connection->db();
    const QDateTime updatedAt =
        server.updatedAt.isValid() ? server.updatedAt : QDateTime::currentDateTimeUtc();
    auto insert = db.cached(
        "INSERT INTO records(id, form_id, form_version, values_json, state, server_version,"
        " created_at_ms, updated_at_ms, deleted, review_comment, sync_status, display_text,"
        " in_conflict) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, ?11, ?12)");
    if (!insert)
        return insert.error();
    SqliteStatement &s = **insert;
    s.bind(1, uuidText(server.id));
    s.bind(2, server.formId);
    s.bind(3, server.formVersion);
    s.bind(4, compactJson(server.values));
    s.bind(5, recordStateName(server.state));
    s.bind(6, server.serverVersion);
    s.bind(7, toMs(server.createdAt.isValid() ? server.createdAt : updatedAt));
    s.bind(8, toMs(updatedAt));
    s.bind(9, server.reviewComment);
    s.bind(10, inConflict ? QStringLiteral("conflict") : QStringLiteral("synced"));
    s.bind(11, RecordText::displayText(server.values));
    s.bind(12, inConflict ? 1 : 0);
    if (Status st = s.run(); !st)
        return st;
    return queueSearchIndex(db.lastInsertRowId());
}

// Pulled records are indexed for search later, by indexSearchBacklog() (schema step 6).
Status LocalStore::queueSearchIndex(qint64 seq)
{
    auto queue = m_connection->db().cached("INSERT OR IGNORE INTO search_backlog(seq) VALUES (?1)");
    if (!queue)
        return queue.error();
    (*queue)->bind(1, seq);
    return (*queue)->run();
}

// The server's state of one record; local pending fields (and state) stay on top until the
// server has judged them. Older versions than the one we have are ignored, and so is the same
// version unless the record is stale (acknowledged by a merged / conflict result).
Status LocalStore::upsertServerRecord(const Record &server, int conflictFlag)
{
    SqliteDatabase &db = m_connection->db();
    const QString id = uuidText(server.id);
    auto find = db.cached("SELECT seq, server_version, deleted, server_stale, in_conflict"
                          " FROM records WHERE id = ?1");
    if (!find)
        return find.error();
    (*find)->bind(1, id);
    auto row = (*find)->step();
    if (!row)
        return row.error();
    if (!*row)
        return insertServerRecord(server, conflictFlag == 1);
    const qint64 seq = (*find)->columnInt64(0);
    const qint64 localVersion = (*find)->columnInt64(1);
    const bool locallyDeleted = (*find)->columnInt64(2) != 0;
    const bool stale = (*find)->columnInt64(3) != 0;
    const bool wasInConflict = (*find)->columnInt64(4) != 0;
    (*find)->reset();
    const bool inConflict = conflictFlag < 0 ? wasInConflict : conflictFlag == 1;
    if (localVersion > server.serverVersion || (localVersion == server.serverVersion && !stale)) {
        if (inConflict == wasInConflict)
            return {};
        // Known content, but the server's conflict flag changed.
        auto flag = db.cached("UPDATE OR FAIL records SET in_conflict = ?2 WHERE seq = ?1");
        if (!flag)
            return flag.error();
        (*flag)->bind(1, seq);
        (*flag)->bind(2, inConflict ? 1 : 0);
        if (Status st = (*flag)->run(); !st)
            return st;
        return refreshSyncStatus(id);
    }

    QJsonObject values = server.values;
    RecordState state = server.state;
    auto pending = db.cached("SELECT fields_json, state FROM outbox WHERE entity_id = ?1"
                             " AND +status = 'pending' ORDER BY seq");
    if (!pending)
        return pending.error();
    (*pending)->bind(1, id);
    for (;;) {
        auto next = (*pending)->step();
        if (!next)
            return next.error();
        if (!*next)
            break;
        const QJsonObject fields = QJsonDocument::fromJson((*pending)->columnBytes(0)).object();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (it.value().isNull())
                values.remove(it.key());
            else
                values.insert(it.key(), it.value());
        }
        if (auto s = recordStateFromName((*pending)->columnText(1)))
            state = *s;
    }
    const QDateTime updatedAt =
        server.updatedAt.isValid() ? server.updatedAt : QDateTime::currentDateTimeUtc();
    auto update = db.cached(
        "UPDATE OR FAIL records SET form_id = ?2, form_version = ?3, values_json = ?4, state = ?5,"
        " server_version = ?6, updated_at_ms = ?7, review_comment = ?8, display_text = ?9,"
        " server_stale = 0, in_conflict = ?10,"
        " sync_status = " OUTPOST_SYNC_STATUS_SQL("?10", "?11") " WHERE seq = ?1");
    if (!update)
        return update.error();
    SqliteStatement &s = **update;
    s.bind(1, seq);
    s.bind(2, server.formId);
    s.bind(3, server.formVersion);
    s.bind(4, compactJson(values));
    s.bind(5, recordStateName(state));
    s.bind(6, server.serverVersion);
    s.bind(7, toMs(updatedAt));
    s.bind(8, server.reviewComment);
    s.bind(9, RecordText::displayText(values));
    s.bind(10, inConflict ? 1 : 0);
    s.bind(11, id);
    if (Status st = s.run(); !st)
        return st;
    if (locallyDeleted)
        return {}; // a tombstone waiting for its delete to be acknowledged is not searchable
    return queueSearchIndex(seq);
}

// Deleted on the server: purged here, unless local operations still wait for the server's
// judgement (they keep the record; the server answers them).
Status LocalStore::applyServerTombstone(const ServerTombstone &tombstone)
{
    SqliteDatabase &db = m_connection->db();
    const QString id = uuidText(tombstone.recordId);
    auto pendingOps = db.cached("SELECT count(*) FROM outbox WHERE entity_id = ?1");
    if (!pendingOps)
        return pendingOps.error();
    (*pendingOps)->bind(1, id);
    auto row = (*pendingOps)->step();
    if (!row)
        return row.error();
    const qint64 count = (*pendingOps)->columnInt64(0);
    (*pendingOps)->reset();
    if (count > 0) {
        auto version =
            db.cached("UPDATE OR FAIL records SET server_version = max(server_version, ?2)"
                      " WHERE id = ?1");
        if (!version)
            return version.error();
        (*version)->bind(1, id);
        (*version)->bind(2, tombstone.serverVersion);
        return (*version)->run();
    }
    auto unindex = db.cached("DELETE FROM record_search WHERE docid ="
                             " (SELECT seq FROM records WHERE id = ?1)");
    if (!unindex)
        return unindex.error();
    (*unindex)->bind(1, id);
    if (Status s = (*unindex)->run(); !s)
        return s;
    auto purge = db.cached("DELETE FROM records WHERE id = ?1");
    if (!purge)
        return purge.error();
    (*purge)->bind(1, id);
    return (*purge)->run();
}

Status LocalStore::applyServerChanges(const ServerChanges &changes)
{
    if (!m_connection)
        return locked();
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun();
    QList<QUuid> ids;
    for (const Record &record : changes.records) {
        if (record.id.isNull() || record.serverVersion <= 0)
            return invalidArgument(QStringLiteral("a pulled record needs an id and a version"));
        const int flag =
            changes.hasConflictFlags ? (changes.inConflict.contains(record.id) ? 1 : 0) : -1;
        if (Status s = upsertServerRecord(record, flag); !s)
            return s;
        ids << record.id;
    }
    for (const ServerTombstone &tombstone : changes.deletions) {
        if (Status s = applyServerTombstone(tombstone); !s)
            return s;
        ids << tombstone.recordId;
    }
    if (!changes.cursorKey.isEmpty()) {
        auto save = db.cached("INSERT OR REPLACE INTO sync_state(key, value) VALUES (?1, ?2)");
        if (!save)
            return save.error();
        (*save)->bind(1, changes.cursorKey);
        (*save)->bind(2, changes.cursor);
        if (Status s = (*save)->run(); !s)
            return s;
    }
    if (Status s = tx.commit(); !s)
        return s;
    if (!ids.isEmpty())
        emit recordsChanged(ids);
    return {};
}

Result<int> LocalStore::indexSearchBacklog(int maxRecords)
{
    if (!m_connection)
        return locked();
    if (maxRecords <= 0)
        return invalidArgument(QStringLiteral("index at least one record per pass"));
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun().error();
    auto next = db.cached("SELECT b.seq, r.values_json, r.deleted FROM search_backlog b"
                          " LEFT JOIN records r ON r.seq = b.seq ORDER BY b.seq LIMIT ?1");
    if (!next)
        return next.error();
    (*next)->bind(1, static_cast<qint64>(maxRecords));
    qint64 lastSeq = -1;
    for (;;) {
        auto row = (*next)->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        lastSeq = (*next)->columnInt64(0);
        // A purged record (NULL) or a tombstone has no search row.
        const bool live = !(*next)->columnIsNull(1) && (*next)->columnInt64(2) == 0;
        const QString text =
            live ? RecordText::searchText(QJsonDocument::fromJson((*next)->columnBytes(1)).object())
                 : QString();
        if (text.isEmpty()) {
            auto drop = db.cached("DELETE FROM record_search WHERE docid = ?1");
            if (!drop)
                return drop.error();
            (*drop)->bind(1, lastSeq);
            if (Status s = (*drop)->run(); !s)
                return s.error();
            continue;
        }
        // OR REPLACE: the record may have an older search row (a pulled update).
        auto index = db.cached("INSERT OR REPLACE INTO record_search(docid, body) VALUES (?1, ?2)");
        if (!index)
            return index.error();
        (*index)->bind(1, lastSeq);
        (*index)->bind(2, text);
        if (Status s = (*index)->run(); !s)
            return s.error();
    }
    (*next)->reset();
    if (lastSeq >= 0) {
        auto done = db.cached("DELETE FROM search_backlog WHERE seq <= ?1");
        if (!done)
            return done.error();
        (*done)->bind(1, lastSeq);
        if (Status s = (*done)->run(); !s)
            return s.error();
    }
    storeCrashPoint("search_indexing"); // a crash here rolls the whole pass back
    if (Status s = tx.commit(); !s)
        return s.error();
    return searchBacklogCount();
}

Result<int> LocalStore::searchBacklogCount() const
{
    if (!m_connection)
        return locked();
    auto count = m_connection->db().queryInt("SELECT count(*) FROM search_backlog");
    if (!count)
        return count.error();
    return static_cast<int>(*count);
}

Result<QString> LocalStore::syncState(const QString &key) const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached("SELECT value FROM sync_state WHERE key = ?1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, key);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    const QString value = *row ? (*stmt)->columnText(0) : QString();
    (*stmt)->reset();
    return value;
}

Status LocalStore::setSyncState(const QString &key, const QString &value)
{
    if (!m_connection)
        return locked();
    auto stmt =
        m_connection->db().cached("INSERT OR REPLACE INTO sync_state(key, value) VALUES (?1, ?2)");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, key);
    (*stmt)->bind(2, value);
    return (*stmt)->run();
}

} // namespace outpost
