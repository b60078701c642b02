// Who is asking: the authenticated device, its user, organisation and roles per team.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QUuid>

namespace outpost {

struct Caller
{
    qint64 userId = 0;
    qint64 orgId = 0;
    QString username;
    QUuid deviceId;
    QHash<qint64, QString> roles; // team id -> "collector", "supervisor" or "admin"

    QList<qint64> teams() const { return roles.keys(); }
    bool inTeam(qint64 teamId) const { return roles.contains(teamId); }
    // Supervisors and admins of a team see all its records and conflicts.
    bool supervises(qint64 teamId) const
    {
        const QString role = roles.value(teamId);
        return role == QStringLiteral("supervisor") || role == QStringLiteral("admin");
    }
    bool isAdmin() const
    {
        for (const auto &role : roles) {
            if (role == QStringLiteral("admin"))
                return true;
        }
        return false;
    }
    QList<qint64> supervisedTeams() const
    {
        QList<qint64> out;
        for (auto it = roles.begin(); it != roles.end(); ++it) {
            if (supervises(it.key()))
                out.append(it.key());
        }
        return out;
    }
};

} // namespace outpost
