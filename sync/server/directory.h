// Organisations, teams, users, roles and devices, for the admin commands. Single-threaded
// use from the command line (the store's connection of the calling thread).
#pragma once

#include <QJsonArray>

#include "result.h"

namespace outpost {

class ServerStore;

class Directory
{
public:
    explicit Directory(ServerStore *store) : m_store(store) {} // not owned

    Result<qint64> ensureOrganisation(const QString &name);
    Result<qint64> addTeam(qint64 orgId, const QString &name);
    Result<qint64> addUser(qint64 orgId, const QString &username, const QString &password,
                           const QString &cost);
    Status setPassword(const QString &username, const QString &password, const QString &cost);
    // role: collector, supervisor, admin, or "none" to leave the team.
    Status setRole(qint64 orgId, const QString &username, const QString &team, const QString &role);
    Result<QJsonArray> devices();
    Status revokeDevice(const QString &deviceId);
    Status requestWipe(const QString &deviceId);

private:
    Result<qint64> userId(const QString &username);
    Status deviceExists(const QString &deviceId);

    ServerStore *m_store;
};

} // namespace outpost
