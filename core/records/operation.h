// An operation: one local change, queued in the device's outbox and pushed to the server.
// Value type with its JSON codec, shared by device and server so the protocol is defined once.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include "result.h"

namespace outpost {

enum class OperationKind { Create, Update, Delete };

QString operationKindName(OperationKind kind); // "create", "update", "delete"
Result<OperationKind> operationKindFromName(const QString &name);

struct Operation
{
    QUuid opId; // made on the device; the server applies an op id at most once
    QString entity = QStringLiteral("record");
    QUuid entityId;
    OperationKind kind = OperationKind::Create;
    qint64 baseVersion = 0; // the last server version the device had seen; 0 for a create
    QString formId;
    int formVersion = 0;
    // Only the fields this change touched (all set fields for a create; empty for a delete).
    QJsonObject fields;
    // The record state after the change ("draft", "finalized"), or empty if unchanged.
    QString state;
    QDateTime deviceTime; // device clock: information only, never used for ordering

    bool operator==(const Operation &) const = default;

    QJsonObject toJson() const;
    // Checks every member's type and presence; an error names the member and the problem.
    static Result<Operation> fromJson(const QJsonObject &json);
};

} // namespace outpost
