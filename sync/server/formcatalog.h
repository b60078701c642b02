// Published forms: which team sees which form (latest version), each version's definition,
// conflict policy and record visibility. Publishing takes a server version so that devices
// pull new definitions like any other change.
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>

#include "caller.h"
#include "result.h"

namespace outpost {

class ServerStore;

struct FormAccess
{
    qint64 teamId = 0;     // the caller's team that has the form (records go there)
    int latestVersion = 0; // published to that team
    QString policy;        // "last-write-wins" or "manual"
    QString visibility;    // "own": collectors see their own records; "team": all
};

class FormCatalog
{
public:
    // The form as seen by the caller, or nothing if none of their teams has it.
    static Result<std::optional<FormAccess>> access(QSqlDatabase &db, const Caller &caller,
                                                    const QString &formId);
    static Result<bool> hasVersion(QSqlDatabase &db, qint64 orgId, const QString &formId,
                                   int formVersion);
    static Result<QJsonObject> definition(QSqlDatabase &db, qint64 orgId, const QString &formId,
                                          int formVersion);

    // Publishes definition (members "id", "version", optional "policy") to the named teams.
    // Returns the server version of the publication.
    static Result<qint64> publish(ServerStore *store, qint64 orgId, const QJsonObject &definition,
                                  const QStringList &teamNames, const QString &visibility);
};

} // namespace outpost
