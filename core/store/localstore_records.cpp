// LocalStore: records (create, update, soft delete, get, list, count).
#include "localstore.h"

#include "recordtext.h"
#include "storeconnection.h"
#include "storeerrors.h"
#include "storelogging.h"
#include "timeuuid.h"
#include "writetransaction.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace outpost {

using namespace storeerrors;

namespace {

QByteArray toJsonText(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject fromJsonText(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

constexpr const char *kSelectRecord =
    "SELECT seq, id, form_id, form_version, values_json, state, server_version, created_at_ms,"
    " updated_at_ms, deleted, review_comment FROM records WHERE id = ?1";

Result<Record> readRecordRow(SqliteStatement &stmt, qint64 *seq)
{
    Record record;
    if (seq)
        *seq = stmt.columnInt64(0);
    record.id = QUuid::fromString(stmt.columnText(1));
    record.formId = stmt.columnText(2);
    record.formVersion = stmt.columnInt(3);
    record.values = fromJsonText(stmt.columnBytes(4));
    auto state = recordStateFromName(stmt.columnText(5));
    if (!state)
        return Error::permanentError(QStringLiteral("store_corrupt"), state.error().message);
    record.state = *state;
    record.serverVersion = stmt.columnInt64(6);
    record.createdAt = fromMs(stmt.columnInt64(7));
    record.updatedAt = fromMs(stmt.columnInt64(8));
    record.deleted = stmt.columnInt64(9) != 0;
    record.reviewComment = stmt.columnText(10);
    return record;
}

// Loads one record by id; a null optional if there is none.
Result<std::optional<Record>> loadRecord(SqliteDatabase &db, const QString &id, qint64 *seq)
{
    auto stmt = db.cached(kSelectRecord);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, id);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Record>();
    auto record = readRecordRow(**stmt, seq);
    (*stmt)->reset();
    if (!record)
        return record.error();
    return std::optional<Record>(std::move(record).value());
}

// Top-level fields that differ (a removed field is sent as null).
QJsonObject changedFields(const QJsonObject &stored, const QJsonObject &updated)
{
    QJsonObject changed;
    for (auto it = updated.begin(); it != updated.end(); ++it) {
        const auto old = stored.constFind(it.key());
        if (old == stored.constEnd() ? !it.value().isNull() : *old != it.value())
            changed.insert(it.key(), it.value());
    }
    for (auto it = stored.begin(); it != stored.end(); ++it) {
        if (!updated.contains(it.key()) && !it.value().isNull())
            changed.insert(it.key(), QJsonValue::Null);
    }
    return changed;
}

// Words of a search, as an FTS4 query: every word must match as a prefix.
QString ftsQuery(const QString &searchText)
{
    static const QRegularExpression nonWord(QStringLiteral("[^\\p{L}\\p{N}]+"));
    const QStringList words = searchText.split(nonWord, Qt::SkipEmptyParts);
    QStringList terms;
    for (const QString &word : words)
        terms << word + QLatin1Char('*');
    return terms.join(QLatin1Char(' '));
}

} // namespace

Status LocalStore::writeSearchText(qint64 seq, const QJsonObject &values)
{
    SqliteDatabase &db = m_connection->db();
    auto del = db.cached("DELETE FROM record_search WHERE docid = ?1");
    if (!del)
        return del.error();
    (*del)->bind(1, seq);
    if (Status s = (*del)->run(); !s)
        return s;
    const QString text = RecordText::searchText(values);
    if (text.isEmpty())
        return {};
    auto ins = db.cached("INSERT INTO record_search(docid, body) VALUES (?1, ?2)");
    if (!ins)
        return ins.error();
    (*ins)->bind(1, seq);
    (*ins)->bind(2, text);
    return (*ins)->run();
}

Status LocalStore::insertOperation(const Operation &op)
{
    auto stmt = m_connection->db().cached(
        "INSERT INTO outbox(op_id, entity, entity_id, kind, base_version, form_id, form_version,"
        " fields_json, state, device_time_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!stmt)
        return stmt.error();
    SqliteStatement &s = **stmt;
    s.bind(1, uuidText(op.opId));
    s.bind(2, op.entity);
    s.bind(3, uuidText(op.entityId));
    s.bind(4, operationKindName(op.kind));
    s.bind(5, op.baseVersion);
    s.bind(6, op.formId);
    s.bind(7, op.formVersion);
    s.bind(8, toJsonText(op.fields));
    s.bind(9, op.state);
    s.bind(10, toMs(op.deviceTime));
    return s.run();
}

// The derived per-record sync status, from its conflict flag and its outbox operations.
Status LocalStore::refreshSyncStatus(const QString &recordId)
{
    auto stmt = m_connection->db().cached(
        "UPDATE OR FAIL records SET sync_status = CASE"
        " WHEN in_conflict THEN 'conflict'"
        " WHEN EXISTS (SELECT 1 FROM outbox WHERE entity_id = ?1 AND +status = 'rejected')"
        "  THEN 'rejected'"
        " WHEN EXISTS (SELECT 1 FROM outbox WHERE entity_id = ?1 AND +status = 'pending')"
        "  THEN 'pending'"
        " ELSE 'synced' END WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, recordId);
    return (*stmt)->run();
}

Result<Record> LocalStore::createRecord(Record record, const QString &displayText)
{
    if (!m_connection)
        return locked();
    if (record.formId.isEmpty())
        return invalidArgument(QStringLiteral("a record needs a form id"));
    if (record.id.isNull())
        record.id = timeOrderedUuid();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    record.createdAt = now;
    record.updatedAt = now;
    record.serverVersion = 0;
    record.deleted = false;
    record.reviewComment.clear();
    const QString id = uuidText(record.id);
    SqliteDatabase &db = m_connection->db();

    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun().error();
    auto insert = db.cached(
        "INSERT INTO records(id, form_id, form_version, values_json, state, server_version,"
        " created_at_ms, updated_at_ms, deleted, sync_status, display_text)"
        " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6, 0, 'pending', ?7)");
    if (!insert)
        return insert.error();
    SqliteStatement &s = **insert;
    s.bind(1, id);
    s.bind(2, record.formId);
    s.bind(3, record.formVersion);
    s.bind(4, toJsonText(record.values));
    s.bind(5, recordStateName(record.state));
    s.bind(6, toMs(now));
    s.bind(7, displayText.isEmpty() ? RecordText::displayText(record.values)
                                    : RecordText::clampDisplayText(displayText));
    if (Status st = s.run(); !st) {
        if (st.error().message.contains(QStringLiteral("UNIQUE")))
            return Error::permanentError(QStringLiteral("record_exists"),
                                         QStringLiteral("record %1 already exists").arg(id));
        return st.error();
    }
    if (Status st = writeSearchText(db.lastInsertRowId(), record.values); !st)
        return st.error();
    storeCrashPoint("record_written");

    Operation op;
    op.opId = timeOrderedUuid();
    op.entityId = record.id;
    op.kind = OperationKind::Create;
    op.baseVersion = 0;
    op.formId = record.formId;
    op.formVersion = record.formVersion;
    for (auto it = record.values.begin(); it != record.values.end(); ++it) {
        if (!it.value().isNull())
            op.fields.insert(it.key(), it.value());
    }
    op.state = recordStateName(record.state);
    op.deviceTime = now;
    if (Status st = insertOperation(op); !st)
        return st.error();
    if (Status st = tx.commit(); !st)
        return st.error();
    emit recordsChanged({record.id});
    emit outboxChanged();
    return record;
}

Result<Record> LocalStore::updateRecord(const Record &record, const QString &displayText)
{
    if (!m_connection)
        return locked();
    const QString id = uuidText(record.id);
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun().error();
    qint64 seq = 0;
    auto loaded = loadRecord(db, id, &seq);
    if (!loaded)
        return loaded.error();
    if (!loaded->has_value())
        return recordNotFound(record.id);
    Record stored = std::move(**loaded);
    if (stored.deleted)
        return Error::permanentError(QStringLiteral("record_deleted"),
                                     QStringLiteral("record %1 was deleted").arg(id));

    const QJsonObject fields = changedFields(stored.values, record.values);
    const bool stateChanged = stored.state != record.state;
    const bool formVersionChanged = stored.formVersion != record.formVersion;
    if (fields.isEmpty() && !stateChanged && !formVersionChanged)
        return stored; // nothing changed: nothing written, no operation

    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto update =
        db.cached("UPDATE OR FAIL records SET values_json = ?2, state = ?3, form_version = ?4,"
                  " updated_at_ms = ?5, display_text = ?6 WHERE seq = ?1");
    if (!update)
        return update.error();
    SqliteStatement &s = **update;
    s.bind(1, seq);
    s.bind(2, toJsonText(record.values));
    s.bind(3, recordStateName(record.state));
    s.bind(4, record.formVersion);
    s.bind(5, toMs(now));
    s.bind(6, displayText.isEmpty() ? RecordText::displayText(record.values)
                                    : RecordText::clampDisplayText(displayText));
    if (Status st = s.run(); !st)
        return st.error();
    if (!fields.isEmpty()) {
        if (Status st = writeSearchText(seq, record.values); !st)
            return st.error();
    }
    storeCrashPoint("record_written");

    Operation op;
    op.opId = timeOrderedUuid();
    op.entityId = record.id;
    op.kind = OperationKind::Update;
    op.baseVersion = stored.serverVersion;
    op.formId = stored.formId;
    op.formVersion = record.formVersion;
    op.fields = fields;
    if (stateChanged)
        op.state = recordStateName(record.state);
    op.deviceTime = now;
    if (Status st = insertOperation(op); !st)
        return st.error();
    if (Status st = refreshSyncStatus(id); !st)
        return st.error();
    if (Status st = tx.commit(); !st)
        return st.error();

    stored.values = record.values;
    stored.state = record.state;
    stored.formVersion = record.formVersion;
    stored.updatedAt = now;
    emit recordsChanged({record.id});
    emit outboxChanged();
    return stored;
}

Status LocalStore::deleteRecord(const QUuid &recordId)
{
    if (!m_connection)
        return locked();
    const QString id = uuidText(recordId);
    SqliteDatabase &db = m_connection->db();
    WriteTransaction tx(db);
    if (!tx.begun())
        return tx.begun();
    qint64 seq = 0;
    auto loaded = loadRecord(db, id, &seq);
    if (!loaded)
        return loaded.error();
    if (!loaded->has_value())
        return recordNotFound(recordId);
    const Record &stored = **loaded;
    if (stored.deleted)
        return {}; // already a tombstone: deleting twice is harmless
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto update =
        db.cached("UPDATE OR FAIL records SET deleted = 1, updated_at_ms = ?2 WHERE seq = ?1");
    if (!update)
        return update.error();
    (*update)->bind(1, seq);
    (*update)->bind(2, toMs(now));
    if (Status st = (*update)->run(); !st)
        return st;
    if (Status st = writeSearchText(seq, {}); !st) // tombstones are not searchable
        return st;
    storeCrashPoint("record_written");

    Operation op;
    op.opId = timeOrderedUuid();
    op.entityId = recordId;
    op.kind = OperationKind::Delete;
    op.baseVersion = stored.serverVersion;
    op.formId = stored.formId;
    op.formVersion = stored.formVersion;
    op.deviceTime = now;
    if (Status st = insertOperation(op); !st)
        return st;
    if (Status st = refreshSyncStatus(id); !st)
        return st;
    if (Status st = tx.commit(); !st)
        return st;
    emit recordsChanged({recordId});
    emit outboxChanged();
    return {};
}

Result<Record> LocalStore::record(const QUuid &id) const
{
    if (!m_connection)
        return locked();
    auto loaded = loadRecord(m_connection->db(), uuidText(id), nullptr);
    if (!loaded)
        return loaded.error();
    if (!loaded->has_value())
        return recordNotFound(id);
    return std::move(**loaded);
}

Result<SyncStatus> LocalStore::syncStatus(const QUuid &id) const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached("SELECT sync_status FROM records WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, uuidText(id));
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return recordNotFound(id);
    const QString name = (*stmt)->columnText(0);
    (*stmt)->reset();
    return syncStatusFromName(name);
}

namespace {

// WHERE clause and its bound values for a query (values bound from 1 in order).
struct Filter
{
    QByteArray sql;
    QStringList values;
};

Filter buildFilter(const RecordQuery &query)
{
    Filter f;
    f.sql = " WHERE 1";
    if (!query.includeDeleted)
        f.sql += " AND deleted = 0";
    if (!query.formId.isEmpty()) {
        f.sql += " AND form_id = ?";
        f.values << query.formId;
    }
    auto inList = [&f](const char *column, const QStringList &names) {
        if (names.isEmpty())
            return;
        f.sql += QByteArray(" AND ") + column + " IN (";
        for (int i = 0; i < names.size(); ++i)
            f.sql += i == 0 ? "?" : ",?";
        f.sql += ")";
        f.values << names;
    };
    QStringList states;
    for (RecordState state : query.states)
        states << recordStateName(state);
    inList("state", states);
    QStringList statuses;
    for (SyncStatus status : query.syncStatuses)
        statuses << syncStatusName(status);
    inList("sync_status", statuses);
    const QString fts = ftsQuery(query.searchText);
    if (!fts.isEmpty()) {
        f.sql += " AND seq IN (SELECT docid FROM record_search WHERE record_search MATCH ?)";
        f.values << fts;
    }
    return f;
}

Result<SqliteStatement> prepareFiltered(SqliteDatabase &db, const QByteArray &sql,
                                        const Filter &filter)
{
    auto stmt = db.prepare(sql.constData());
    if (!stmt)
        return stmt.error();
    for (int i = 0; i < filter.values.size(); ++i)
        stmt->bind(i + 1, filter.values.at(i));
    return stmt;
}

RecordState stateFromUtf8(const char *text, int size)
{
    const QLatin1StringView name(text, size);
    if (name == QLatin1StringView("finalized"))
        return RecordState::Finalized;
    if (name == QLatin1StringView("accepted"))
        return RecordState::Accepted;
    if (name == QLatin1StringView("rejected"))
        return RecordState::Rejected;
    return RecordState::Draft;
}

SyncStatus syncStatusFromUtf8(const char *text, int size)
{
    const QLatin1StringView name(text, size);
    if (name == QLatin1StringView("synced"))
        return SyncStatus::Synced;
    if (name == QLatin1StringView("rejected"))
        return SyncStatus::Rejected;
    if (name == QLatin1StringView("conflict"))
        return SyncStatus::Conflict;
    return SyncStatus::Pending;
}

} // namespace

Result<QList<RecordSummary>> LocalStore::listRecords(const RecordQuery &query) const
{
    if (!m_connection)
        return locked();
    const Filter filter = buildFilter(query);
    QByteArray sql = "SELECT id, form_id, form_version, state, sync_status, server_version,"
                     " updated_at_ms, display_text, deleted FROM records" +
                     filter.sql + " ORDER BY updated_at_ms DESC, id";
    if (query.limit >= 0 || query.offset > 0)
        sql += " LIMIT " + QByteArray::number(query.limit >= 0 ? query.limit : -1) + " OFFSET " +
               QByteArray::number(qMax(0, query.offset));
    auto stmt = prepareFiltered(m_connection->db(), sql, filter);
    if (!stmt)
        return stmt.error();
    QList<RecordSummary> list;
    if (query.limit >= 0)
        list.reserve(query.limit);
    QString lastFormId; // consecutive rows share one QString (implicit sharing)
    QByteArray lastFormIdUtf8;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        RecordSummary summary;
        summary.id = QUuid::fromString(QLatin1StringView(
            static_cast<const char *>(stmt->columnBlobData(0)), stmt->columnSizeBytes(0)));
        const auto *formId = static_cast<const char *>(stmt->columnBlobData(1));
        const int formIdSize = stmt->columnSizeBytes(1);
        if (QByteArrayView(formId, formIdSize) != QByteArrayView(lastFormIdUtf8)) {
            lastFormIdUtf8 = QByteArray(formId, formIdSize);
            lastFormId = QString::fromUtf8(lastFormIdUtf8);
        }
        summary.formId = lastFormId;
        summary.formVersion = stmt->columnInt(2);
        summary.state = stateFromUtf8(static_cast<const char *>(stmt->columnBlobData(3)),
                                      stmt->columnSizeBytes(3));
        summary.syncStatus = syncStatusFromUtf8(static_cast<const char *>(stmt->columnBlobData(4)),
                                                stmt->columnSizeBytes(4));
        summary.serverVersion = stmt->columnInt64(5);
        summary.updatedAt = fromMs(stmt->columnInt64(6));
        summary.displayText = stmt->columnText(7);
        summary.deleted = stmt->columnInt64(8) != 0;
        list.append(std::move(summary));
    }
    return list;
}

Result<int> LocalStore::countRecords(const RecordQuery &query) const
{
    if (!m_connection)
        return locked();
    const Filter filter = buildFilter(query);
    auto stmt =
        prepareFiltered(m_connection->db(), "SELECT count(*) FROM records" + filter.sql, filter);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return static_cast<int>(stmt->columnInt64(0));
}

} // namespace outpost
