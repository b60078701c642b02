// Attachments declared by records, and their files in the data directory. Declaration
// happens in the push transaction (every {id, sha256, size, type, name} value of a record);
// bytes arrive through the tus endpoints (TusService). Thread-safe (per-thread connections;
// offsets advance by compare-and-set, so two processes cannot both move one upload on).
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

#include "caller.h"
#include "result.h"

namespace outpost {

class ServerStore;
struct ServerRecord;

struct AttachmentRow
{
    QString id;
    qint64 orgId = 0;
    qint64 teamId = 0;
    QString recordId;
    QString sha256; // lowercase hex, declared by the record
    qint64 size = 0;
    QString type;
    QString name;
    qint64 offset = 0;
    bool complete = false;
    qint64 expiresAtMs = 0; // 0: no upload started
};

class AttachmentStore
{
public:
    // Declares the attachments found in record.values (inside the caller's transaction).
    static Status declare(QSqlDatabase &db, const ServerRecord &record);
    // The attachment if the caller may see the record that declared it (else not_found).
    static Result<AttachmentRow> find(ServerStore *store, const Caller &caller, const QString &id);
    static Status setExpiry(ServerStore *store, const QString &id, qint64 expiresAtMs);
    // Moves the offset from `from` to `to` in the upload generation whose expiry is
    // expiresAtMs; false when someone else moved it first or the upload started again.
    static Result<bool> advance(ServerStore *store, const QString &id, qint64 from, qint64 to,
                                qint64 expiresAtMs);
    // The upload's offset, completeness and expiry as stored now (no access check: call after
    // find()); not_found if the attachment is gone.
    static Result<AttachmentRow> position(ServerStore *store, const QString &id);
    static Status markComplete(ServerStore *store, const QString &id);
    static Status reset(ServerStore *store, const QString &id);
    // Unfinished uploads whose expiry passed before nowMs (ids).
    static Result<QStringList> expiredUploads(ServerStore *store, qint64 nowMs);
    // Resets an upload if it is still unfinished and expired; false when it is not (any more).
    static Result<bool> resetIfExpired(ServerStore *store, const QString &id, qint64 nowMs);
    // Where an unfinished upload's bytes go, and where a complete file lives.
    static QString partPath(const QString &dataDir, const QString &id);
    static QString completePath(const QString &dataDir, const QString &id);
};

} // namespace outpost
