// The state of one push batch inside its write transaction: the op ids already decided and
// the batch's records, each read in one query for the whole batch; the records as the
// batch's ops change them; and the rows the batch writes (records, audit log, decided op
// ids), buffered and written by multi-row statements at the end. Lives for one push.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

#include "caller.h"
#include "formcatalog.h"
#include "opresult.h"
#include "pushrequest.h"
#include "result.h"
#include "rowbuffer.h"
#include "serverrecord.h"

namespace outpost {

class WriteTransaction;

// Who changed a record after an op's base version (see PushBatch::history).
struct RecordHistory
{
    qint64 startVersion = 0;    // versions above it are the batch's own
    QSet<qint64> own;           // committed versions made by the same device
    bool foreignChange = false; // another writer changed the record after the base

    // Was this change made by the pushing device (an earlier op of its own)?
    bool isOwn(qint64 version) const { return version > startVersion || own.contains(version); }
};

class PushBatch
{
public:
    PushBatch(WriteTransaction &tx, const Caller &caller); // both not owned; outlive the batch

    // Reads the decided op ids and the records of the request's ops.
    Status load(const PushRequest &request);

    // The stored result (device id, result JSON) of an op id decided before, if any.
    const std::pair<QString, QByteArray> *decided(const QString &opId) const;
    // The record as the batch sees it now (its earlier ops included), or null.
    ServerRecord *record(const QString &id);
    // The record was created or changed: it is written at flush(). valuesJson /
    // fieldVersionsJson: its values and field versions as compact JSON, when known.
    void put(const ServerRecord &record, bool created, const QString &valuesJson = {},
             const QString &fieldVersionsJson = {});
    void audit(const ServerRecord &record, const QString &opId, const QString &action,
               const QJsonObject &changes);
    void audit(const ServerRecord &record, const QString &opId, const QString &action,
               const QString &changesJson);
    // Remembers an op id's result (written at flush(); a second copy in the batch replays it)
    // and returns it as JSON text.
    QByteArray decide(const QString &opId, const QString &recordId, const OpResult &result);
    // Who changed the record after base: the device's own earlier ops (in this batch or
    // audited as made by the same device) do not count as concurrent changes.
    Result<RecordHistory> history(const ServerRecord &record, qint64 base);
    // Writes the buffered audit rows now (before reading the audit log).
    Status flushAudit();
    // Writes everything buffered.
    Status flush();

    std::optional<FormAccess> *cachedForm(const QString &formId);
    void cacheForm(const QString &formId, const std::optional<FormAccess> &access);
    bool knowsFormVersion(const QString &key) const { return m_formVersions.contains(key); }
    void addFormVersion(const QString &key) { m_formVersions.insert(key); }

    const QString &device() const { return m_device; }
    const QString &now() const { return m_now; }

private:
    WriteTransaction &m_tx;
    const Caller &m_caller;
    QString m_device; // the caller's device id, text
    QString m_now;    // one server time for the batch's rows
    QHash<QString, std::pair<QString, QByteArray>> m_decided; // op id -> (device, result)
    QHash<QString, ServerRecord> m_records;
    QStringList m_dirty; // record ids to write, each once, in first-change order
    QSet<QString> m_dirtySet;
    QSet<QString> m_created; // created by this batch: all their history is the batch's
    QHash<QString, std::pair<QString, QString>> m_texts; // id -> (values, field versions) JSON
    QHash<QString, std::optional<FormAccess>> m_forms;   // form id -> access
    QSet<QString> m_formVersions;                        // "form@version" known to exist
    RowBuffer m_auditRows;
    RowBuffer m_appliedRows;
};

} // namespace outpost
