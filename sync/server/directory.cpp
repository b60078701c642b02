#include "directory.h"

#include <QJsonObject>
#include <QSqlQuery>

#include "authservice.h"
#include "passwordhasher.h"
#include "serverstore.h"

namespace outpost {

namespace {

Error notFound(const QString &what)
{
    return Error::permanentError(QStringLiteral("not_found"), what);
}

Result<qint64> insertReturningId(ServerStore *store, const QString &sql, const QVariantList &binds)
{
    auto q = store->exec(sql + QStringLiteral(" RETURNING id"), binds);
    if (!q)
        return q.error();
    if (!q->next())
        return databaseError(QStringLiteral("inserting"), QStringLiteral("no id returned"));
    return q->value(0).toLongLong();
}

} // namespace

Result<qint64> Directory::ensureOrganisation(const QString &name)
{
    auto q = m_store->exec(QStringLiteral("SELECT id FROM organisations WHERE name = ?"), {name});
    if (!q)
        return q.error();
    if (q->next())
        return q->value(0).toLongLong();
    q->finish();
    return insertReturningId(m_store,
                             QStringLiteral("INSERT INTO organisations (name, created_at) VALUES "
                                            "(?, ?)"),
                             {name, nowIso()});
}

Result<qint64> Directory::addTeam(qint64 orgId, const QString &name)
{
    if (name.isEmpty() || name.size() > 200)
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("a team name has 1 to 200 characters"));
    auto q = m_store->exec(QStringLiteral("SELECT id FROM teams WHERE org_id = ? AND name = ?"),
                           {orgId, name});
    if (!q)
        return q.error();
    if (q->next())
        return Error::permanentError(QStringLiteral("exists"),
                                     QStringLiteral("team \"%1\" exists").arg(name));
    q->finish();
    return insertReturningId(m_store,
                             QStringLiteral("INSERT INTO teams (org_id, name, created_at) VALUES "
                                            "(?, ?, ?)"),
                             {orgId, name, nowIso()});
}

Result<qint64> Directory::addUser(qint64 orgId, const QString &username, const QString &password,
                                  const QString &cost)
{
    if (username.isEmpty() || username.size() > 200 || password.size() < 8)
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("a user name has 1 to 200 characters and a "
                                                    "password at least 8"));
    if (auto existing = userId(username); existing)
        return Error::permanentError(QStringLiteral("exists"),
                                     QStringLiteral("user \"%1\" exists").arg(username));
    auto hash = PasswordHasher::hash(password, cost);
    if (!hash)
        return hash.error();
    return insertReturningId(m_store,
                             QStringLiteral("INSERT INTO users (org_id, username, password_hash, "
                                            "created_at) VALUES (?, ?, ?, ?)"),
                             {orgId, username, *hash, nowIso()});
}

Result<qint64> Directory::userId(const QString &username)
{
    auto q = m_store->exec(QStringLiteral("SELECT id FROM users WHERE username = ?"), {username});
    if (!q)
        return q.error();
    if (!q->next())
        return notFound(QStringLiteral("no user \"%1\"").arg(username));
    return q->value(0).toLongLong();
}

Status Directory::setPassword(const QString &username, const QString &password, const QString &cost)
{
    auto id = userId(username);
    if (!id)
        return id.error();
    if (password.size() < 8)
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("a password has at least 8 characters"));
    auto hash = PasswordHasher::hash(password, cost);
    if (!hash)
        return hash.error();
    if (auto q = m_store->exec(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"),
                               {*hash, *id});
        !q)
        return q.error();
    return {};
}

Status Directory::setRole(qint64 orgId, const QString &username, const QString &team,
                          const QString &role)
{
    static const QStringList roles{QStringLiteral("collector"), QStringLiteral("supervisor"),
                                   QStringLiteral("admin"), QStringLiteral("none")};
    if (!roles.contains(role))
        return Error::permanentError(
            QStringLiteral("invalid_request"),
            QStringLiteral("role is collector, supervisor, admin or none"));
    auto user = userId(username);
    if (!user)
        return user.error();
    auto t = m_store->exec(QStringLiteral("SELECT id FROM teams WHERE org_id = ? AND name = ?"),
                           {orgId, team});
    if (!t)
        return t.error();
    if (!t->next())
        return notFound(QStringLiteral("no team \"%1\"").arg(team));
    const qint64 teamId = t->value(0).toLongLong();
    t->finish();
    if (auto q = m_store->exec(QStringLiteral("DELETE FROM memberships WHERE user_id = ? AND "
                                              "team_id = ?"),
                               {*user, teamId});
        !q)
        return q.error();
    if (role == QStringLiteral("none"))
        return {};
    if (auto q = m_store->exec(QStringLiteral("INSERT INTO memberships (user_id, team_id, role) "
                                              "VALUES (?, ?, ?)"),
                               {*user, teamId, role});
        !q)
        return q.error();
    return {};
}

Result<QJsonArray> Directory::devices()
{
    auto q = m_store->exec(QStringLiteral(
        "SELECT d.id, u.username, d.name, d.created_at, d.revoked_at, d.wipe_requested_at, "
        "d.wiped_at, d.last_seen_at, d.signed_out_at FROM devices d JOIN users u ON u.id = "
        "d.user_id ORDER BY d.created_at"));
    if (!q)
        return q.error();
    QJsonArray out;
    while (q->next()) {
        QString status = QStringLiteral("active");
        if (!q->value(6).isNull())
            status = QStringLiteral("wiped");
        else if (!q->value(4).isNull())
            status = QStringLiteral("revoked");
        else if (!q->value(5).isNull())
            status = QStringLiteral("wipe_pending");
        else if (!q->value(8).isNull())
            status = QStringLiteral("signed_out");
        out.append(QJsonObject{{QStringLiteral("id"), q->value(0).toString()},
                               {QStringLiteral("user"), q->value(1).toString()},
                               {QStringLiteral("name"), q->value(2).toString()},
                               {QStringLiteral("created_at"), q->value(3).toString()},
                               {QStringLiteral("last_seen_at"),
                                q->value(7).isNull() ? QJsonValue() : q->value(7).toString()},
                               {QStringLiteral("status"), status}});
    }
    return out;
}

Status Directory::deviceExists(const QString &deviceId)
{
    auto q = m_store->exec(QStringLiteral("SELECT 1 FROM devices WHERE id = ?"), {deviceId});
    if (!q)
        return q.error();
    if (!q->next())
        return notFound(QStringLiteral("no device %1").arg(deviceId));
    return {};
}

Status Directory::revokeDevice(const QString &deviceId)
{
    if (auto s = deviceExists(deviceId); !s)
        return s;
    if (auto q = m_store->exec(QStringLiteral("UPDATE devices SET revoked_at = ? WHERE id = ? AND "
                                              "revoked_at IS NULL"),
                               {nowIso(), deviceId});
        !q)
        return q.error();
    // Its tokens stay (only their hashes are stored), so that its next request is answered
    // device_revoked rather than invalid_token: the device can tell "revoked" from "sign in
    // again". The periodic sweep (Sweeper) forgets them once they expire.
    return {};
}

Status Directory::requestWipe(const QString &deviceId)
{
    if (auto s = deviceExists(deviceId); !s)
        return s;
    if (auto q = m_store->exec(QStringLiteral("UPDATE devices SET wipe_requested_at = ? WHERE id "
                                              "= ? AND wipe_requested_at IS NULL"),
                               {nowIso(), deviceId});
        !q)
        return q.error();
    return {};
}

} // namespace outpost
