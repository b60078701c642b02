// A record as the server keeps it: values and, per field, the version of its last change
// (the basis of field-level conflict detection). Read and written inside a transaction.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>

#include "recordchange.h"
#include "result.h"
#include "rowbuffer.h"

namespace outpost {

struct ServerRecord
{
    QString id; // UUID text, no braces
    qint64 orgId = 0;
    qint64 teamId = 0;
    QString formId;
    int formVersion = 0;
    qint64 ownerId = 0;
    QString ownerName; // filled by find()
    QString state = QStringLiteral("draft");
    bool deleted = false;
    QJsonObject values;
    QJsonObject fieldVersions; // field -> version of its last change
    qint64 version = 0;
    QString reviewComment;
    bool inConflict = false;
    QString createdAt; // device clock (ISO), information only
    QString updatedAt; // device clock (ISO), information only

    static Result<std::optional<ServerRecord>> find(QSqlDatabase &db, const QString &id);
    // The records with these ids (ownerName left empty), by id: one query per 256 ids.
    static Result<QHash<QString, ServerRecord>> findMany(QSqlDatabase &db, const QStringList &ids);
    Status update(QSqlDatabase &db) const;
    // Writes records by multi-row upsert (new ones inserted, known ones updated); each
    // record at most once per flush. now: the server time of the write.
    static RowBuffer upsertBuffer();
    // valuesJson / fieldVersionsJson: values and fieldVersions already written as compact
    // JSON (empty: written here).
    void addTo(RowBuffer &buffer, const QString &now, const QString &valuesJson = {},
               const QString &fieldVersionsJson = {}) const;
    RecordChange toChange() const;
};

} // namespace outpost
