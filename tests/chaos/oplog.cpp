#include "oplog.h"

#include <QHash>
#include <QJsonDocument>

namespace chaos {

namespace {

QString describe(const LoggedOp &op)
{
    static const char *kinds[] = {"create", "edit", "delete"};
    return QStringLiteral("device %1 %2 %3 (%4) %5")
        .arg(op.device)
        .arg(QLatin1String(kinds[op.kind]), op.recordId, op.formId,
             QString::fromUtf8(QJsonDocument(op.fields).toJson(QJsonDocument::Compact)));
}

} // namespace

int OpLog::count(LoggedOp::Kind kind) const
{
    return static_cast<int>(std::count_if(m_ops.begin(), m_ops.end(),
                                          [&](const LoggedOp &op) { return op.kind == kind; }));
}

Accounting OpLog::check(const ServerState &server) const
{
    Accounting result;
    QHash<QString, QList<const AuditEntry *>> auditByRecord;
    QHash<QString, int> auditByOpId;
    for (const AuditEntry &entry : server.audit()) {
        auditByRecord[entry.recordId].append(&entry);
        if (!entry.opId.isEmpty() && ++auditByOpId[entry.opId] == 2) {
            ++result.duplicates;
            result.problems << QStringLiteral("duplicate: op %1 applied more than once (record %2)")
                                   .arg(entry.opId, entry.recordId);
        }
    }
    QHash<QString, QList<const ConflictEntry *>> conflictsByRecord;
    for (const ConflictEntry &conflict : server.conflicts())
        conflictsByRecord[conflict.recordId].append(&conflict);

    const auto note = [&](int found, const LoggedOp &op, const QString &what) {
        if (found > 1) {
            ++result.duplicates;
            result.problems << QStringLiteral("duplicate (%1x): ").arg(found) + describe(op) + what;
        } else if (found == 0) {
            ++result.lost;
            result.problems << QStringLiteral("lost: ") + describe(op) + what;
        }
    };

    for (const LoggedOp &op : m_ops) {
        const auto &entries = auditByRecord.value(op.recordId);
        const auto &conflicts = conflictsByRecord.value(op.recordId);
        switch (op.kind) {
        case LoggedOp::Create:
            note(static_cast<int>(std::count_if(
                     entries.begin(), entries.end(),
                     [](const AuditEntry *e) { return e->action == QStringLiteral("create"); })),
                 op, {});
            break;
        case LoggedOp::Edit:
            for (auto it = op.fields.begin(); it != op.fields.end(); ++it) {
                int applied = 0;
                for (const AuditEntry *e : entries) {
                    const QJsonObject change = e->changes.value(it.key()).toObject();
                    if (change.contains(QStringLiteral("after")) &&
                        change.value(QStringLiteral("after")) == it.value())
                        ++applied;
                }
                bool kept = false;
                for (const ConflictEntry *c : conflicts) {
                    if (c->fields.value(it.key()).toObject().value(QStringLiteral("device")) ==
                        it.value())
                        kept = true;
                }
                note(applied > 0 ? applied : (kept ? 1 : 0), op,
                     QStringLiteral(" field ") + it.key());
            }
            break;
        case LoggedOp::Delete: {
            const ServerRecord record = server.records().value(op.recordId);
            const bool keptByConflict =
                std::any_of(conflicts.begin(), conflicts.end(), [](const ConflictEntry *c) {
                    return c->kind == QStringLiteral("delete_after_update");
                });
            note(record.deleted || keptByConflict ? 1 : 0, op, {});
            break;
        }
        }
    }
    return result;
}

} // namespace chaos
