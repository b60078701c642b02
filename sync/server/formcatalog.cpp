#include "formcatalog.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include "authservice.h"
#include "jsonreader.h"
#include "recordcheck.h"
#include "serverstore.h"
#include "writetransaction.h"

namespace outpost {

Result<std::optional<FormAccess>> FormCatalog::access(QSqlDatabase &db, const Caller &caller,
                                                      const QString &formId)
{
    auto q = ServerStore::exec(
        db,
        QStringLiteral("SELECT ft.team_id, ft.form_version, f.policy, f.visibility FROM "
                       "form_teams ft JOIN forms f ON f.org_id = ? AND f.form_id = ft.form_id "
                       "AND f.form_version = ft.form_version WHERE ft.form_id = ? ORDER BY "
                       "ft.team_id"),
        {caller.orgId, formId});
    if (!q)
        return q.error();
    while (q->next()) {
        const qint64 team = q->value(0).toLongLong();
        if (!caller.inTeam(team))
            continue;
        return std::optional<FormAccess>(
            FormAccess{team, q->value(1).toInt(), q->value(2).toString(), q->value(3).toString()});
    }
    return std::optional<FormAccess>();
}

Result<bool> FormCatalog::hasVersion(QSqlDatabase &db, qint64 orgId, const QString &formId,
                                     int formVersion)
{
    auto q = ServerStore::exec(db,
                               QStringLiteral("SELECT 1 FROM forms WHERE org_id = ? AND form_id "
                                              "= ? AND form_version = ?"),
                               {orgId, formId, formVersion});
    if (!q)
        return q.error();
    return q->next();
}

Result<QJsonObject> FormCatalog::definition(QSqlDatabase &db, qint64 orgId, const QString &formId,
                                            int formVersion)
{
    auto q = ServerStore::exec(db,
                               QStringLiteral("SELECT definition FROM forms WHERE org_id = ? AND "
                                              "form_id = ? AND form_version = ?"),
                               {orgId, formId, formVersion});
    if (!q)
        return q.error();
    if (!q->next())
        return Error::permanentError(
            QStringLiteral("unknown_form"),
            QStringLiteral("no form %1 version %2").arg(formId).arg(formVersion));
    return QJsonDocument::fromJson(q->value(0).toString().toUtf8()).object();
}

Result<qint64> FormCatalog::publish(ServerStore *store, qint64 orgId, const QJsonObject &definition,
                                    const QStringList &teamNames, const QString &visibility)
{
    if (auto valid = RecordCheck::checkDefinition(definition); !valid)
        return valid.error();
    const JsonReader reader(definition, QStringLiteral("invalid_form"));
    auto formId = reader.string(QStringLiteral("id"));
    if (!formId)
        return formId.error();
    auto formVersion = reader.integer(QStringLiteral("version"), 1, 2147483647);
    if (!formVersion)
        return formVersion.error();
    auto policy =
        reader.optionalString(QStringLiteral("policy"), QStringLiteral("last-write-wins"));
    if (!policy)
        return policy.error();
    if (*policy != QStringLiteral("last-write-wins") && *policy != QStringLiteral("manual"))
        return reader.error(QStringLiteral("policy must be \"last-write-wins\" or \"manual\""));
    if (visibility != QStringLiteral("own") && visibility != QStringLiteral("team"))
        return reader.error(QStringLiteral("visibility must be \"own\" or \"team\""));
    if (teamNames.isEmpty())
        return reader.error(QStringLiteral("publish to at least one team (--team NAME)"));

    WriteTransaction tx(store);
    if (auto s = tx.begin(); !s)
        return s.error();
    const QString text =
        QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact));
    auto existing = ServerStore::exec(tx.db(),
                                      QStringLiteral("SELECT definition FROM forms WHERE org_id = "
                                                     "? AND form_id = ? AND form_version = ?"),
                                      {orgId, *formId, *formVersion});
    if (!existing)
        return existing.error();
    if (existing->next()) {
        if (existing->value(0).toString() != text)
            return reader.error(QStringLiteral("form %1 version %2 is already published with "
                                               "another definition; raise its version")
                                    .arg(*formId)
                                    .arg(*formVersion));
    } else {
        auto insert = ServerStore::exec(
            tx.db(),
            QStringLiteral("INSERT INTO forms (org_id, form_id, form_version, definition, "
                           "policy, visibility, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {orgId, *formId, *formVersion, text, *policy, visibility, nowIso()});
        if (!insert)
            return insert.error();
    }
    const qint64 version = tx.nextVersion();
    for (const QString &teamName : teamNames) {
        auto team = ServerStore::exec(tx.db(),
                                      QStringLiteral("SELECT id FROM teams WHERE org_id = ? AND "
                                                     "name = ?"),
                                      {orgId, teamName});
        if (!team)
            return team.error();
        if (!team->next())
            return Error::permanentError(QStringLiteral("not_found"),
                                         QStringLiteral("no team \"%1\"").arg(teamName));
        const qint64 teamId = team->value(0).toLongLong();
        team->finish();
        auto del = ServerStore::exec(tx.db(),
                                     QStringLiteral("DELETE FROM form_teams WHERE team_id = ? "
                                                    "AND form_id = ?"),
                                     {teamId, *formId});
        if (!del)
            return del.error();
        auto ins = ServerStore::exec(tx.db(),
                                     QStringLiteral("INSERT INTO form_teams (team_id, form_id, "
                                                    "form_version, version) VALUES (?, ?, ?, ?)"),
                                     {teamId, *formId, *formVersion, version});
        if (!ins)
            return ins.error();
    }
    if (auto s = tx.commit(); !s)
        return s.error();
    return version;
}

} // namespace outpost
