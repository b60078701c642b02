#include "pushbatch.h"

#include "authservice.h"
#include "conflictlog.h"
#include "jsontext.h"
#include "serverstore.h"
#include "writetransaction.h"

namespace outpost {

namespace {

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

PushBatch::PushBatch(WriteTransaction &tx, const Caller &caller)
    : m_tx(tx), m_caller(caller), m_device(uuidText(caller.deviceId)), m_now(nowIso()),
      m_auditRows(ConflictLog::auditBuffer()),
      m_appliedRows(QStringLiteral("INSERT INTO applied_ops (op_id, device_id, record_id, result, "
                                   "created_at)"),
                    5)
{}

Status PushBatch::load(const PushRequest &request)
{
    QStringList opIds;
    QStringList recordIds;
    QSet<QString> seenRecords;
    opIds.reserve(static_cast<qsizetype>(request.items.size()));
    recordIds.reserve(static_cast<qsizetype>(request.items.size()));
    for (const auto &item : request.items) {
        if (item.error)
            continue;
        opIds.append(uuidText(item.op.opId));
        const QString record = uuidText(item.op.entityId);
        if (!seenRecords.contains(record)) {
            seenRecords.insert(record);
            recordIds.append(record);
        }
    }
    auto s = ServerStore::selectIn(
        m_tx.db(),
        QStringLiteral("SELECT a.op_id, a.device_id, a.result FROM (%1) AS k CROSS JOIN "
                       "applied_ops a WHERE a.op_id = k.value"),
        opIds, [this](const SqlRows &q) {
            m_decided.insert(q.value(0).toString(),
                             {q.value(1).toString(), q.value(2).toString().toUtf8()});
        });
    if (!s)
        return s.error();
    auto records = ServerRecord::findMany(m_tx.db(), recordIds);
    if (!records)
        return records.error();
    m_records = std::move(*records);
    return {};
}

const std::pair<QString, QByteArray> *PushBatch::decided(const QString &opId) const
{
    const auto it = m_decided.constFind(opId);
    return it == m_decided.constEnd() ? nullptr : &*it;
}

ServerRecord *PushBatch::record(const QString &id)
{
    const auto it = m_records.find(id);
    return it == m_records.end() ? nullptr : &*it;
}

void PushBatch::put(const ServerRecord &record, bool created, const QString &valuesJson,
                    const QString &fieldVersionsJson)
{
    m_records.insert(record.id, record);
    if (created)
        m_created.insert(record.id);
    if (valuesJson.isEmpty())
        m_texts.remove(record.id);
    else
        m_texts.insert(record.id, {valuesJson, fieldVersionsJson});
    if (!m_dirtySet.contains(record.id)) {
        m_dirtySet.insert(record.id);
        m_dirty.append(record.id);
    }
}

void PushBatch::audit(const ServerRecord &record, const QString &opId, const QString &action,
                      const QJsonObject &changes)
{
    ConflictLog::addAudit(m_auditRows, m_caller, record, opId, action, changes, m_now);
}

void PushBatch::audit(const ServerRecord &record, const QString &opId, const QString &action,
                      const QString &changesJson)
{
    ConflictLog::addAudit(m_auditRows, m_caller, record, opId, action, changesJson, m_now);
}

QByteArray PushBatch::decide(const QString &opId, const QString &recordId, const OpResult &result)
{
    const QByteArray json = jsontext::opResult(result);
    m_appliedRows.add({opId, m_device, recordId, QString::fromUtf8(json), m_now});
    m_decided.insert(opId, {m_device, json});
    return json;
}

Result<RecordHistory> PushBatch::history(const ServerRecord &record, qint64 base)
{
    RecordHistory history;
    history.startVersion = m_tx.startVersion();
    // Unchanged since the base, or every change after it made by this batch.
    if (record.version <= base || base >= history.startVersion || m_created.contains(record.id))
        return history;
    auto writers = ConflictLog::writers(m_tx.db(), record.id, base, history.startVersion);
    if (!writers)
        return writers.error();
    for (auto it = writers->begin(); it != writers->end(); ++it) {
        if (it.value() == m_device)
            history.own.insert(it.key());
        else
            history.foreignChange = true;
    }
    // The latest committed change unaudited (or another's): someone else's.
    if (record.version <= history.startVersion && !history.own.contains(record.version))
        history.foreignChange = true;
    return history;
}

Status PushBatch::flushAudit()
{
    return m_auditRows.flush(m_tx.db());
}

Status PushBatch::flush()
{
    RowBuffer records = ServerRecord::upsertBuffer();
    for (const QString &id : std::as_const(m_dirty)) {
        const auto texts = m_texts.constFind(id);
        if (texts == m_texts.constEnd())
            m_records.constFind(id)->addTo(records, m_now);
        else
            m_records.constFind(id)->addTo(records, m_now, texts->first, texts->second);
    }
    m_dirty.clear();
    m_dirtySet.clear();
    if (auto s = records.flush(m_tx.db()); !s)
        return s;
    if (auto s = m_auditRows.flush(m_tx.db()); !s)
        return s;
    return m_appliedRows.flush(m_tx.db());
}

std::optional<FormAccess> *PushBatch::cachedForm(const QString &formId)
{
    const auto it = m_forms.find(formId);
    return it == m_forms.end() ? nullptr : &*it;
}

void PushBatch::cacheForm(const QString &formId, const std::optional<FormAccess> &access)
{
    m_forms.insert(formId, access);
}

} // namespace outpost
