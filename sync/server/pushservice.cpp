#include "pushservice.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

#include "attachmentstore.h"
#include "authservice.h"
#include "conflictlog.h"
#include "formcatalog.h"
#include "isotime.h"
#include "jsontext.h"
#include "metrics.h"
#include "pushbatch.h"
#include "recordcheck.h"
#include "serverlogging.h"
#include "serverrecord.h"
#include "serverstore.h"
#include "writetransaction.h"

namespace outpost {

namespace {

Error reject(const char *code, const QString &message)
{
    return Error::permanentError(QString::fromLatin1(code), message);
}

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

// May the caller change this record? Owners always; supervisors and admins of its team; other
// collectors of the team only when the form's visibility is "team".
bool mayWrite(const Caller &caller, const ServerRecord &record, const FormAccess &form)
{
    if (record.orgId != caller.orgId || !caller.inTeam(record.teamId))
        return false;
    return record.ownerId == caller.userId || caller.supervises(record.teamId) ||
           form.visibility == QStringLiteral("team");
}

} // namespace

Result<QByteArray> PushService::push(const Caller &caller, const PushRequest &request,
                                     const QString &idempotencyKey, const QByteArray &body)
{
    WriteTransaction tx(m_store);
    if (auto s = tx.begin(); !s)
        return s.error();
    QString bodyHash;
    if (!idempotencyKey.isEmpty()) {
        bodyHash =
            QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
        auto q = ServerStore::exec(tx.db(),
                                   QStringLiteral("SELECT request_hash, response FROM batches "
                                                  "WHERE device_id = ? AND idempotency_key = ?"),
                                   {uuidText(caller.deviceId), idempotencyKey});
        if (!q)
            return q.error();
        if (q->next()) {
            if (q->value(0).toString() != bodyHash)
                return reject("idempotency_key_reused",
                              QStringLiteral("this Idempotency-Key was used for another batch"));
            // The stored {"results": [...]} with "replayed": true.
            QByteArray stored = q->value(1).toString().toUtf8();
            if (!stored.endsWith('}'))
                return databaseError(QStringLiteral("reading a stored batch response"),
                                     QStringLiteral("not a JSON object"));
            stored.insert(stored.size() - 1, ",\"replayed\":true");
            return stored;
        }
    }

    PushBatch batch(tx, caller);
    if (auto s = batch.load(request); !s)
        return s.error();
    qint64 applied = 0;
    qint64 rejected = 0;
    qint64 conflicts = 0;
    // The response is written as text as the results come (PushResponse's format).
    QByteArray response = "{\"results\":[";
    response.reserve(static_cast<qsizetype>(request.items.size()) * 110 + 16);
    auto answer = [&response](const QByteArray &resultJson) {
        if (!response.endsWith('['))
            response += ',';
        response += resultJson;
    };
    for (size_t i = 0; i < request.items.size(); ++i) {
        const PushItem &item = request.items[i];
        const int index = static_cast<int>(i);
        if (item.error) {
            ++rejected;
            answer(jsontext::opResult(OpResult::rejected(item.rawOpId, index, *item.error)));
            continue;
        }
        const QString opId = uuidText(item.op.opId);
        if (const auto *known = batch.decided(opId)) {
            if (known->first != batch.device()) {
                ++rejected;
                answer(jsontext::opResult(OpResult::rejected(
                    opId, index,
                    reject("op_id_reused", QStringLiteral("another device used this op id")))));
                continue;
            }
            auto stored = OpResult::fromJson(QJsonDocument::fromJson(known->second).object());
            if (!stored)
                return stored.error();
            stored->index = index;
            answer(jsontext::opResult(*stored));
            continue;
        }
        auto result = applyOne(tx, batch, caller, item.op, index);
        if (!result)
            return result.error(); // a database failure: the whole batch is rolled back
        answer(batch.decide(opId, uuidText(item.op.entityId), *result));
        if (result->status == OpStatus::Rejected)
            ++rejected;
        else
            ++applied;
        if (result->conflictId > 0)
            ++conflicts;
    }
    response += "]}";
    if (auto s = batch.flush(); !s)
        return s.error();
    if (!idempotencyKey.isEmpty()) {
        if (auto q = ServerStore::exec(tx.db(),
                                       QStringLiteral("INSERT INTO batches (device_id, "
                                                      "idempotency_key, request_hash, response, "
                                                      "created_at) VALUES (?, ?, ?, ?, ?)"),
                                       {batch.device(), idempotencyKey, bodyHash,
                                        QString::fromUtf8(response), batch.now()});
            !q)
            return q.error();
    }
    if (auto s = tx.commit(); !s)
        return s.error();
    m_metrics->addOpsApplied(applied);
    m_metrics->addOpsRejected(rejected);
    m_metrics->addConflicts(conflicts);
    return response;
}

Result<OpResult> PushService::applyOne(WriteTransaction &tx, PushBatch &batch, const Caller &caller,
                                       const Operation &op, int index)
{
    OpResult result;
    result.opId = uuidText(op.opId);
    result.index = index;
    auto rejected = [&](const char *code, const QString &message) -> Result<OpResult> {
        return OpResult::rejected(result.opId, index, reject(code, message));
    };
    if (!op.state.isEmpty() && op.state != QStringLiteral("draft") &&
        op.state != QStringLiteral("finalized"))
        return rejected("invalid_state", QStringLiteral("a device may set state \"draft\" or "
                                                        "\"finalized\" only"));
    std::optional<FormAccess> *form = batch.cachedForm(op.formId);
    if (!form) {
        auto access = FormCatalog::access(tx.db(), caller, op.formId);
        if (!access)
            return access.error();
        batch.cacheForm(op.formId, *access);
        form = batch.cachedForm(op.formId);
    }
    if (!form->has_value())
        return rejected(
            "unknown_form",
            QStringLiteral("form \"%1\" is not published to your teams").arg(op.formId));
    const QString versionKey = op.formId + QLatin1Char('@') + QString::number(op.formVersion);
    if (op.kind != OperationKind::Delete && !batch.knowsFormVersion(versionKey)) {
        auto known = FormCatalog::hasVersion(tx.db(), caller.orgId, op.formId, op.formVersion);
        if (!known)
            return known.error();
        if (*known)
            batch.addFormVersion(versionKey);
        else
            return rejected(
                "unknown_form_version",
                QStringLiteral("form \"%1\" has no version %2").arg(op.formId).arg(op.formVersion));
    }
    const QString recordId = uuidText(op.entityId);
    const ServerRecord *found = batch.record(recordId);
    if (op.kind == OperationKind::Create) {
        if (found)
            return rejected("record_exists",
                            QStringLiteral("record %1 already exists").arg(recordId));
        return applyCreate(tx, batch, caller, op, **form, result);
    }
    if (!found || !mayWrite(caller, *found, **form)) {
        if (found)
            qCWarning(lcServer).noquote()
                << "user" << caller.username << "may not change record" << recordId;
        return rejected("not_found", QStringLiteral("no record %1").arg(recordId));
    }
    if (found->formId != op.formId)
        return rejected("invalid_operation",
                        QStringLiteral("the record belongs to form \"%1\"").arg(found->formId));
    if (op.baseVersion > found->version)
        return rejected("invalid_operation",
                        QStringLiteral("base_version %1 is newer than the record (%2)")
                            .arg(op.baseVersion)
                            .arg(found->version));
    if (op.kind == OperationKind::Update)
        return applyUpdate(tx, batch, caller, op, **form, *found, result);
    return applyDelete(tx, batch, caller, op, **form, *found, result);
}

Result<OpResult> PushService::applyCreate(WriteTransaction &tx, PushBatch &batch,
                                          const Caller &caller, const Operation &op,
                                          const FormAccess &form, OpResult result)
{
    ServerRecord record;
    record.id = uuidText(op.entityId);
    record.orgId = caller.orgId;
    record.teamId = form.teamId;
    record.formId = op.formId;
    record.formVersion = op.formVersion;
    record.ownerId = caller.userId;
    record.state = op.state.isEmpty() ? QStringLiteral("draft") : op.state;
    record.values = op.fields;
    record.createdAt = record.updatedAt = isotime::utcMs(op.deviceTime);
    auto invalid = RecordCheck::check(tx.db(), record);
    if (!invalid)
        return invalid.error();
    if (*invalid)
        return OpResult::rejected(result.opId, result.index, **invalid);
    record.version = tx.nextVersion();
    // The values are written as JSON once; the field versions and the audit entry
    // ({"field": {"after": value, "before": null}}) are cut from that text.
    const QByteArray values = QJsonDocument(op.fields).toJson(QJsonDocument::Compact);
    const QByteArray version = QByteArray::number(record.version);
    QByteArray versions = "{";
    QByteArray changes = "{";
    for (const jsontext::Member &field : jsontext::members(values)) {
        if (versions.size() > 1) {
            versions += ',';
            changes += ',';
        }
        versions.append(field.key).append(':').append(version);
        changes.append(field.key).append(":{\"after\":").append(field.value);
        changes.append(",\"before\":null}");
    }
    versions += '}';
    changes += '}';
    for (auto it = op.fields.begin(); it != op.fields.end(); ++it)
        record.fieldVersions.insert(it.key(), static_cast<double>(record.version));
    if (auto s = AttachmentStore::declare(tx.db(), record); !s)
        return s.error();
    batch.put(record, true, QString::fromUtf8(values), QString::fromUtf8(versions));
    batch.audit(record, result.opId, QStringLiteral("create"), QString::fromUtf8(changes));
    result.status = OpStatus::Applied;
    result.version = record.version;
    return result;
}

Result<OpResult> PushService::applyUpdate(WriteTransaction &tx, PushBatch &batch,
                                          const Caller &caller, const Operation &op,
                                          const FormAccess &form, ServerRecord record,
                                          OpResult result)
{
    const bool manual = form.policy == QStringLiteral("manual");
    if (record.deleted) {
        // Update after delete: the delete stands; the device's values are kept in the
        // conflict log (open for a supervisor under the manual policy).
        QJsonObject fields;
        for (auto it = op.fields.begin(); it != op.fields.end(); ++it)
            fields.insert(it.key(), QJsonObject{{QStringLiteral("base"), QJsonValue::Null},
                                                {QStringLiteral("device"), it.value()},
                                                {QStringLiteral("server"), QJsonValue::Null}});
        ConflictEntry entry{QStringLiteral("update_after_delete"),
                            manual ? QStringLiteral("open") : QStringLiteral("auto_resolved"),
                            form.policy,
                            fields,
                            result.opId,
                            tx.nextVersion()};
        auto id = ConflictLog::add(tx.db(), caller, record, entry);
        if (!id)
            return id.error();
        OpResult rejected = OpResult::rejected(
            result.opId, result.index,
            reject("record_deleted", QStringLiteral("the record was deleted; your change is in "
                                                    "conflict %1")
                                         .arg(*id)));
        rejected.conflictId = *id;
        return rejected;
    }

    auto history = batch.history(record, op.baseVersion);
    if (!history)
        return history.error();
    // A field conflicts when someone else changed it after the base to another value; the
    // device's own earlier ops (in this batch or before) never conflict with its later ones.
    QStringList overlapping;
    for (auto it = op.fields.begin(); it != op.fields.end(); ++it) {
        const qint64 fieldVersion =
            static_cast<qint64>(record.fieldVersions.value(it.key()).toDouble());
        if (fieldVersion > op.baseVersion && !history->isOwn(fieldVersion) &&
            record.values.value(it.key()) != it.value())
            overlapping.append(it.key());
    }
    QJsonObject conflictFields;
    if (!overlapping.isEmpty()) {
        if (auto s = batch.flushAudit(); !s)
            return s.error();
        auto base = ConflictLog::baseValues(tx.db(), record.id, op.baseVersion, overlapping);
        if (!base)
            return base.error();
        for (const auto &field : overlapping)
            conflictFields.insert(
                field, QJsonObject{{QStringLiteral("base"), base->value(field)},
                                   {QStringLiteral("device"), op.fields.value(field)},
                                   {QStringLiteral("server"), record.values.value(field)}});
    }

    const qint64 version = tx.nextVersion();
    QJsonObject changes;
    for (auto it = op.fields.begin(); it != op.fields.end(); ++it) {
        if (manual && overlapping.contains(it.key()))
            continue; // the server value stays until a supervisor decides
        const QJsonValue before = record.values.value(it.key());
        if (before == it.value() && record.values.contains(it.key()))
            continue;
        changes.insert(it.key(), QJsonObject{{QStringLiteral("before"), before},
                                             {QStringLiteral("after"), it.value()}});
        record.values.insert(it.key(), it.value());
        record.fieldVersions.insert(it.key(), static_cast<double>(version));
    }
    if (!op.state.isEmpty() && op.state != record.state) {
        changes.insert(QStringLiteral("$state"),
                       QJsonObject{{QStringLiteral("before"), record.state},
                                   {QStringLiteral("after"), op.state}});
        record.state = op.state;
    }
    if (op.formVersion > record.formVersion)
        record.formVersion = op.formVersion;
    // A supervisor's update made on top of the latest version (so after seeing the conflict;
    // the supervisor's own later changes aside) settles the record's open conflicts: the
    // resolution is an ordinary op.
    const bool resolves = record.inConflict && overlapping.isEmpty() &&
                          caller.supervises(record.teamId) && !history->foreignChange;
    record.version = version;
    record.updatedAt = isotime::utcMs(op.deviceTime);
    auto invalid = RecordCheck::check(tx.db(), record);
    if (!invalid)
        return invalid.error();
    if (*invalid)
        return OpResult::rejected(result.opId, result.index, **invalid);
    if (resolves) {
        auto settled = ServerStore::exec(
            tx.db(),
            QStringLiteral("UPDATE conflicts SET status = 'resolved', version = ?, resolved_by = "
                           "?, resolved_at = ? WHERE record_id = ? AND status = 'open'"),
            {version, caller.userId, batch.now(), record.id});
        if (!settled)
            return settled.error();
        record.inConflict = false;
    }
    if (manual && !overlapping.isEmpty())
        record.inConflict = true;
    if (auto s = AttachmentStore::declare(tx.db(), record); !s)
        return s.error();
    batch.put(record, false);
    batch.audit(record, result.opId, QStringLiteral("update"), changes);
    result.version = version;
    result.status = history->foreignChange ? OpStatus::Merged : OpStatus::Applied;
    if (!overlapping.isEmpty()) {
        ConflictEntry entry{QStringLiteral("fields"),
                            manual ? QStringLiteral("open") : QStringLiteral("auto_resolved"),
                            form.policy,
                            conflictFields,
                            result.opId,
                            version};
        auto id = ConflictLog::add(tx.db(), caller, record, entry);
        if (!id)
            return id.error();
        result.conflictId = *id;
        result.status = manual ? OpStatus::Conflict : OpStatus::Merged;
    }
    return result;
}

Result<OpResult> PushService::applyDelete(WriteTransaction &tx, PushBatch &batch,
                                          const Caller &caller, const Operation &op,
                                          const FormAccess &form, ServerRecord record,
                                          OpResult result)
{
    if (record.deleted) {
        result.status = OpStatus::Applied; // already a tombstone
        result.version = record.version;
        return result;
    }
    const bool manual = form.policy == QStringLiteral("manual");
    auto history = batch.history(record, op.baseVersion);
    if (!history)
        return history.error();
    // Fields someone else changed after the base (the device's own changes aside).
    QStringList changedSinceBase;
    for (auto it = record.fieldVersions.begin(); it != record.fieldVersions.end(); ++it) {
        const qint64 fieldVersion = static_cast<qint64>(it.value().toDouble());
        if (fieldVersion > op.baseVersion && !history->isOwn(fieldVersion))
            changedSinceBase.append(it.key());
    }
    const qint64 version = tx.nextVersion();
    qint64 conflictId = 0;
    if (!changedSinceBase.isEmpty()) {
        // Delete after update: someone changed fields the deleting device never saw.
        if (auto s = batch.flushAudit(); !s)
            return s.error();
        auto base = ConflictLog::baseValues(tx.db(), record.id, op.baseVersion, changedSinceBase);
        if (!base)
            return base.error();
        QJsonObject fields;
        for (const auto &field : changedSinceBase)
            fields.insert(field,
                          QJsonObject{{QStringLiteral("base"), base->value(field)},
                                      {QStringLiteral("device"), QJsonValue::Null},
                                      {QStringLiteral("server"), record.values.value(field)}});
        ConflictEntry entry{QStringLiteral("delete_after_update"),
                            manual ? QStringLiteral("open") : QStringLiteral("auto_resolved"),
                            form.policy,
                            fields,
                            result.opId,
                            version};
        record.version = version;
        auto id = ConflictLog::add(tx.db(), caller, record, entry);
        if (!id)
            return id.error();
        conflictId = *id;
    }
    record.version = version;
    record.updatedAt = isotime::utcMs(op.deviceTime);
    if (manual && conflictId > 0) {
        record.inConflict = true; // the record stays until a supervisor decides
        batch.put(record, false);
        result.status = OpStatus::Conflict;
    } else {
        const QJsonObject changes{
            {QStringLiteral("$deleted"),
             QJsonObject{{QStringLiteral("before"), false}, {QStringLiteral("after"), true}}}};
        record.deleted = true;
        batch.put(record, false);
        batch.audit(record, result.opId, QStringLiteral("delete"), changes);
        result.status = conflictId > 0 ? OpStatus::Merged : OpStatus::Applied;
    }
    result.version = version;
    result.conflictId = conflictId;
    return result;
}

} // namespace outpost
