// Every operation the chaos test's devices made (only those outpost-cli accepted locally), and
// the checks that each reached the server exactly once:
// - a create: exactly one audit entry `create` for the record;
// - an edit of field f to value v (values are unique per edit): exactly one audit entry of the
//   record whose change of f has `after` = v, or, when the server kept its own value (manual
//   policy, or the record was deleted first), a conflict-log entry of the record whose `device`
//   value of f is v;
// - a delete: the record is a tombstone on the server, or a delete_after_update conflict kept it;
// - no op id appears twice in the audit log.
// More than one = a duplicate; none = lost.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include "serverstate.h"

namespace chaos {

struct LoggedOp
{
    enum Kind
    {
        Create,
        Edit,
        Delete
    };
    int device = -1;
    Kind kind = Create;
    QString recordId; // without braces
    QString formId;
    QJsonObject fields; // create and edit: the values set
};

struct Accounting
{
    int duplicates = 0;
    int lost = 0;
    QStringList problems; // one line per duplicate or lost op
};

class OpLog
{
public:
    void add(const LoggedOp &op) { m_ops.append(op); }
    const QList<LoggedOp> &ops() const { return m_ops; }
    int count(LoggedOp::Kind kind) const;

    Accounting check(const ServerState &server) const;

private:
    QList<LoggedOp> m_ops;
};

} // namespace chaos
