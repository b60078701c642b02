// The server's truth for the chaos test's checks, read once the devices are idle: every record
// as a supervisor pulls it (tombstones and owners included), the audit log (every applied
// change with its op id) and the conflict log, both through the admin commands.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

class TestServer;

namespace chaos {

struct ServerRecord
{
    QString id;
    QString formId;
    QString owner;
    QJsonObject values;
    qint64 version = 0;
    bool deleted = false;
    bool inConflict = false;
};

struct AuditEntry
{
    QString recordId;
    QString opId;
    QString action;      // create, update, delete, resolve, review
    QJsonObject changes; // field -> {before, after}
};

struct ConflictEntry
{
    QString recordId;
    QString kind;       // fields, update_after_delete, delete_after_update
    QString status;     // open, auto_resolved, resolved
    QJsonObject fields; // field -> {base, device, server}
};

class ServerState
{
public:
    // Pulls every page as `supervisor` (signed in to port) and reads the logs with `admin`.
    bool load(TestServer &admin, quint16 port, const QString &supervisor, QString *error);

    const QHash<QString, ServerRecord> &records() const { return m_records; }
    const QList<AuditEntry> &audit() const { return m_audit; }
    const QList<ConflictEntry> &conflicts() const { return m_conflicts; }
    int conflictCount(const QString &status) const;
    QString supervisorToken() const { return m_token; } // after load()

private:
    bool pullAll(quint16 port, const QString &supervisor, QString *error);
    bool readAudit(TestServer &admin, QString *error);
    bool readConflicts(TestServer &admin, QString *error);

    QHash<QString, ServerRecord> m_records;
    QList<AuditEntry> m_audit;
    QList<ConflictEntry> m_conflicts;
    QString m_token;
};

} // namespace chaos
