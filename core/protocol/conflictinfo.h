// An entry of the conflict log: concurrent edits of the same record that could not both
// stand. Auto-resolved entries (last-write-wins) are kept for the record; open ones wait for a
// supervisor.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QUuid>

#include "result.h"

namespace outpost {

struct ConflictInfo
{
    qint64 id = 0;
    QUuid recordId;
    QString formId;
    QString kind;   // "fields", "update_after_delete", "delete_after_update"
    QString status; // "open", "auto_resolved", "resolved"
    QString policy; // "last-write-wins" or "manual"
    // field -> {"base": v, "device": v, "server": v}; a missing value is JSON null.
    QJsonObject fields;
    QUuid opId;         // the device op that met the conflict
    QString user;       // who sent that op
    qint64 version = 0; // server version of the latest change to this entry
    QDateTime createdAt;

    bool operator==(const ConflictInfo &) const = default;

    QJsonObject toJson() const;
    static Result<ConflictInfo> fromJson(const QJsonObject &json);
};

} // namespace outpost
