#include "pullservice.h"

#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

#include "serverrecord.h"
#include "serverstore.h"
#include "writetransaction.h"

namespace outpost {

namespace {

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}

struct Item
{
    qint64 version;
    int kind; // 0 record, 1 form, 2 conflict
    size_t index;
};

} // namespace

QString PullService::encodeCursor(qint64 version)
{
    return QString::fromLatin1(
        QByteArray("v1:" + QByteArray::number(version))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<qint64> PullService::decodeCursor(const QString &cursor)
{
    if (cursor.isEmpty())
        return qint64(0);
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    bool ok = false;
    const qint64 version =
        decoded && decoded.decoded.startsWith("v1:") ? decoded.decoded.mid(3).toLongLong(&ok) : 0;
    if (!ok || version < 0 || cursor.size() > 64)
        return Error::permanentError(QStringLiteral("invalid_cursor"),
                                     QStringLiteral("the cursor is not one this server issued"));
    return version;
}

Result<PullResponse> PullService::pull(const Caller &caller, const QString &cursorText, int limit)
{
    auto since = decodeCursor(cursorText);
    if (!since)
        return since.error();
    PullResponse response;
    response.cursor = cursorText.isEmpty() ? encodeCursor(0) : cursorText;
    const QList<qint64> teams = caller.teams();
    if (teams.isEmpty())
        return response;
    ReadSnapshot snapshot(m_store);
    if (auto s = snapshot.begin(); !s)
        return s.error();
    QSqlDatabase &db = snapshot.db();
    const QString teamIds = idList(teams); // integers from our own database: safe to inline
    const QList<qint64> supervised = caller.supervisedTeams();

    // Which forms let collectors see the whole team's records.
    QSet<QString> teamVisible;
    auto vis = ServerStore::exec(
        db,
        QStringLiteral("SELECT ft.form_id FROM form_teams ft JOIN forms f ON f.org_id = ? AND "
                       "f.form_id = ft.form_id AND f.form_version = ft.form_version WHERE "
                       "ft.team_id IN (%1) AND f.visibility = 'team'")
            .arg(teamIds),
        {caller.orgId});
    if (!vis)
        return vis.error();
    while (vis->next())
        teamVisible.insert(vis->value(0).toString());

    std::vector<ServerRecord> records;
    auto rq = ServerStore::exec(
        db,
        QStringLiteral("SELECT r.id, r.team_id, r.form_id, r.form_version, r.owner_id, r.state, "
                       "r.deleted, r.field_values, r.version, r.review_comment, r.in_conflict, "
                       "r.created_at, r.updated_at, u.username FROM records r JOIN users u ON "
                       "u.id = r.owner_id WHERE r.version > ? AND r.team_id IN (%1) ORDER BY "
                       "r.version LIMIT ?")
            .arg(teamIds),
        {*since, limit + 1});
    if (!rq)
        return rq.error();
    std::vector<Item> items;
    while (rq->next()) {
        ServerRecord r;
        r.id = rq->value(0).toString();
        r.teamId = rq->value(1).toLongLong();
        r.formId = rq->value(2).toString();
        r.formVersion = rq->value(3).toInt();
        r.ownerId = rq->value(4).toLongLong();
        r.state = rq->value(5).toString();
        r.deleted = rq->value(6).toInt() != 0;
        r.values = QJsonDocument::fromJson(rq->value(7).toString().toUtf8()).object();
        r.version = rq->value(8).toLongLong();
        r.reviewComment = rq->value(9).toString();
        r.inConflict = rq->value(10).toInt() != 0;
        r.createdAt = rq->value(11).toString();
        r.updatedAt = rq->value(12).toString();
        r.ownerName = rq->value(13).toString();
        // Hidden records still advance the cursor (a null item).
        const bool visible = r.ownerId == caller.userId || caller.supervises(r.teamId) ||
                             teamVisible.contains(r.formId);
        items.push_back(Item{r.version, visible ? 0 : -1, records.size()});
        records.push_back(std::move(r));
    }

    std::vector<FormInfo> forms;
    auto fq = ServerStore::exec(
        db,
        QStringLiteral("SELECT ft.form_id, ft.form_version, ft.version, f.definition FROM "
                       "form_teams ft JOIN forms f ON f.org_id = ? AND f.form_id = ft.form_id "
                       "AND f.form_version = ft.form_version WHERE ft.version > ? AND ft.team_id "
                       "IN (%1) ORDER BY ft.version LIMIT ?")
            .arg(teamIds),
        {caller.orgId, *since, limit + 1});
    if (!fq)
        return fq.error();
    while (fq->next()) {
        FormInfo form;
        form.formId = fq->value(0).toString();
        form.formVersion = fq->value(1).toInt();
        form.changeVersion = fq->value(2).toLongLong();
        form.definition = QJsonDocument::fromJson(fq->value(3).toString().toUtf8()).object();
        items.push_back(Item{form.changeVersion, 1, forms.size()});
        forms.push_back(std::move(form));
    }

    std::vector<ConflictInfo> conflicts;
    if (!supervised.isEmpty()) {
        auto cq = ServerStore::exec(
            db,
            QStringLiteral("SELECT c.id, c.record_id, c.form_id, c.kind, c.status, c.policy, "
                           "c.fields, c.op_id, u.username, c.version, c.created_at FROM conflicts "
                           "c JOIN users u ON u.id = c.user_id WHERE c.version > ? AND c.team_id "
                           "IN (%1) ORDER BY c.version LIMIT ?")
                .arg(idList(supervised)),
            {*since, limit + 1});
        if (!cq)
            return cq.error();
        while (cq->next()) {
            ConflictInfo c;
            c.id = cq->value(0).toLongLong();
            c.recordId = QUuid::fromString(cq->value(1).toString());
            c.formId = cq->value(2).toString();
            c.kind = cq->value(3).toString();
            c.status = cq->value(4).toString();
            c.policy = cq->value(5).toString();
            c.fields = QJsonDocument::fromJson(cq->value(6).toString().toUtf8()).object();
            c.opId = QUuid::fromString(cq->value(7).toString());
            c.user = cq->value(8).toString();
            c.version = cq->value(9).toLongLong();
            c.createdAt = QDateTime::fromString(cq->value(10).toString(), Qt::ISODateWithMs);
            items.push_back(Item{c.version, 2, conflicts.size()});
            conflicts.push_back(std::move(c));
        }
    }

    std::stable_sort(items.begin(), items.end(),
                     [](const Item &a, const Item &b) { return a.version < b.version; });
    size_t take = std::min(items.size(), static_cast<size_t>(limit));
    // Never split one version between pages (a record change and its conflict share it).
    while (take > 0 && take < items.size() && items[take].version == items[take - 1].version)
        ++take;
    QSet<QString> formsSeen;
    for (size_t i = 0; i < take; ++i) {
        const Item &item = items[i];
        if (item.kind == 0) {
            response.records.push_back(records[item.index].toChange());
        } else if (item.kind == 1) {
            const FormInfo &form = forms[item.index];
            const QString key =
                form.formId + QLatin1Char('@') + QString::number(form.changeVersion);
            if (!formsSeen.contains(key)) {
                formsSeen.insert(key);
                response.forms.push_back(form);
            }
        } else if (item.kind == 2) {
            response.conflicts.push_back(conflicts[item.index]);
        }
    }
    if (take > 0)
        response.cursor = encodeCursor(items[take - 1].version);
    response.hasMore = take < items.size();
    return response;
}

} // namespace outpost
