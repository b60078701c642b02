#include "pullservice.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

#include "conflictinfo.h"
#include "forminfo.h"
#include "jsontext.h"
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

// The columns appendRecord() reads, in its order.
const char kRecordColumns[] =
    "r.id, r.form_id, r.form_version, r.field_values, r.state, r.version, r.deleted, "
    "u.username, r.in_conflict, r.created_at, r.updated_at, r.review_comment, r.owner_id, "
    "r.team_id";

QLatin1StringView stateName(const QString &stored)
{
    for (QLatin1StringView name : {QLatin1StringView("draft"), QLatin1StringView("finalized"),
                                   QLatin1StringView("accepted"), QLatin1StringView("rejected")}) {
        if (stored == name)
            return name;
    }
    return QLatin1StringView("draft");
}

// One record as RecordChange::toJson() writes it; its values are the stored compact JSON.
void appendRecord(QByteArray &out, const SqlRows &q)
{
    const bool deleted = q.value(6).toInt() != 0;
    out += "{\"id\":";
    jsontext::appendString(out, q.value(0).toString());
    out += ",\"form_id\":";
    jsontext::appendString(out, q.value(1).toString());
    out += ",\"form_version\":";
    out += QByteArray::number(q.value(2).toInt());
    out += ",\"values\":";
    out += deleted ? QByteArray("{}") : q.value(3).toString().toUtf8(); // tombstones: none
    out += ",\"state\":\"";
    out += stateName(q.value(4).toString());
    out += "\",\"version\":";
    out += QByteArray::number(q.value(5).toLongLong());
    out += deleted ? ",\"deleted\":true" : ",\"deleted\":false";
    out += ",\"owner\":";
    jsontext::appendString(out, q.value(7).toString());
    out += q.value(8).toInt() != 0 ? ",\"in_conflict\":true" : ",\"in_conflict\":false";
    const QString created = q.value(9).toString();
    if (!created.isEmpty()) {
        out += ",\"created_at\":";
        jsontext::appendString(out, created);
    }
    const QString updated = q.value(10).toString();
    if (!updated.isEmpty()) {
        out += ",\"updated_at\":";
        jsontext::appendString(out, updated);
    }
    const QString comment = q.value(11).toString();
    if (!comment.isEmpty()) {
        out += ",\"review_comment\":";
        jsontext::appendString(out, comment);
    }
    out += '}';
}

QByteArray compactArray(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace

QString PullService::visibleRecordsSql(const Caller &caller,
                                       const QHash<qint64, QStringList> &teamVisible, qint64 since,
                                       int count, bool postgres, QVariantList &binds)
{
    // One source per (team, what the caller sees there); conditions on records r.
    struct Source
    {
        qint64 team;
        QString condition;
        QVariantList binds;
    };
    std::vector<Source> sources;
    QList<qint64> teams = caller.teams();
    std::sort(teams.begin(), teams.end());
    for (qint64 team : teams) {
        if (caller.supervises(team)) {
            sources.push_back({team, QString(), {}});
            continue;
        }
        sources.push_back({team, QStringLiteral("AND r.owner_id = ? "), {caller.userId}});
        for (const QString &form : teamVisible.value(team))
            sources.push_back({team,
                               QStringLiteral("AND r.form_id = ? AND r.owner_id <> ? "),
                               {form, caller.userId}});
    }
    QStringList parts;
    for (const Source &source : sources) {
        const QString select = QStringLiteral("SELECT %1 FROM records r JOIN users u ON u.id = "
                                              "r.owner_id WHERE r.team_id = %2 %3AND r.version > ?")
                                   .arg(QLatin1String(kRecordColumns))
                                   .arg(source.team)
                                   .arg(source.condition);
        binds.append(source.binds);
        binds.append(since);
        if (postgres && sources.size() > 1) {
            // PostgreSQL 15 appends the branches of a UNION and sorts them: each branch stops
            // at `count` rows, so a page reads at most sources x count rows.
            parts.append(QStringLiteral("(%1 ORDER BY r.version LIMIT ?)").arg(select));
            binds.append(count);
        } else {
            // SQLite merges the branches of a compound ORDER BY, each in its index's order,
            // and stops at the LIMIT: a page reads about `count` rows, whatever the sources.
            parts.append(select);
        }
    }
    binds.append(count);
    return parts.join(QStringLiteral(" UNION ALL ")) +
           (postgres && sources.size() > 1 ? QStringLiteral(" ORDER BY version LIMIT ?")
                                           : QStringLiteral(" ORDER BY 6 LIMIT ?"));
}

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

Result<QByteArray> PullService::pull(const Caller &caller, const QString &cursorText, int limit)
{
    auto since = decodeCursor(cursorText);
    if (!since)
        return since.error();
    QString cursor = cursorText.isEmpty() ? encodeCursor(0) : cursorText;
    QByteArray records; // the page's visible records, comma-separated JSON objects
    QJsonArray forms;
    QJsonArray conflicts;
    bool hasMore = false;
    auto body = [&] {
        QByteArray out;
        out.reserve(records.size() + 256);
        out += "{\"records\":[";
        out += records;
        out += "],\"forms\":";
        out += compactArray(forms);
        out += ",\"conflicts\":";
        out += compactArray(conflicts);
        out += ",\"cursor\":";
        jsontext::appendString(out, cursor);
        out += hasMore ? ",\"has_more\":true}" : ",\"has_more\":false}";
        return out;
    };
    const QList<qint64> teams = caller.teams();
    if (teams.isEmpty())
        return body();
    ReadSnapshot snapshot(m_store);
    if (auto s = snapshot.begin(); !s)
        return s.error();
    QSqlDatabase &db = snapshot.db();
    const QString teamIds = idList(teams); // integers from our own database: safe to inline
    const QList<qint64> supervised = caller.supervisedTeams();

    // Which forms let the team's collectors see each other's records, per team.
    QHash<qint64, QStringList> teamVisible;
    auto vis = ServerStore::exec(
        db,
        QStringLiteral("SELECT ft.team_id, ft.form_id FROM form_teams ft JOIN forms f ON "
                       "f.org_id = ? AND f.form_id = ft.form_id AND f.form_version = "
                       "ft.form_version WHERE ft.team_id IN (%1) AND f.visibility = 'team' "
                       "ORDER BY ft.team_id, ft.form_id")
            .arg(teamIds),
        {caller.orgId});
    if (!vis)
        return vis.error();
    while (vis->next())
        teamVisible[vis->value(0).toLongLong()].append(vis->value(1).toString());

    // Records are written as they are read; recordEnds[i]: the size of `records` after the
    // i-th record, to cut the page after any of them.
    std::vector<qsizetype> recordEnds;
    std::vector<Item> items;
    records.reserve(static_cast<qsizetype>(limit) * 256);
    recordEnds.reserve(static_cast<size_t>(limit) + 1);
    items.reserve(static_cast<size_t>(limit) + 1);
    QVariantList binds;
    const QString recordsSql =
        visibleRecordsSql(caller, teamVisible, *since, limit + 1, m_store->isPostgres(), binds);
    auto rq = ServerStore::exec(db, recordsSql, binds);
    if (!rq)
        return rq.error();
    while (rq->next()) {
        if (!records.isEmpty())
            records += ',';
        appendRecord(records, *rq);
        items.push_back(Item{rq->value(5).toLongLong(), 0, recordEnds.size()});
        recordEnds.push_back(records.size());
    }

    std::vector<FormInfo> formRows;
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
        items.push_back(Item{form.changeVersion, 1, formRows.size()});
        formRows.push_back(std::move(form));
    }

    std::vector<ConflictInfo> conflictRows;
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
            items.push_back(Item{c.version, 2, conflictRows.size()});
            conflictRows.push_back(std::move(c));
        }
    }

    std::stable_sort(items.begin(), items.end(),
                     [](const Item &a, const Item &b) { return a.version < b.version; });
    size_t take = std::min(items.size(), static_cast<size_t>(limit));
    // Never split one version between pages (a record change and its conflict share it).
    while (take > 0 && take < items.size() && items[take].version == items[take - 1].version)
        ++take;
    // Records come in version order: the page's records are a prefix of those read.
    qsizetype recordBytes = 0;
    QSet<QString> formsSeen;
    for (size_t i = 0; i < take; ++i) {
        const Item &item = items[i];
        if (item.kind == 0) {
            recordBytes = recordEnds[item.index];
        } else if (item.kind == 1) {
            const FormInfo &form = formRows[item.index];
            const QString key =
                form.formId + QLatin1Char('@') + QString::number(form.changeVersion);
            if (!formsSeen.contains(key)) {
                formsSeen.insert(key);
                forms.append(form.toJson());
            }
        } else if (item.kind == 2) {
            conflicts.append(conflictRows[item.index].toJson());
        }
    }
    records.truncate(recordBytes);
    if (take > 0)
        cursor = encodeCursor(items[take - 1].version);
    hasMore = take < items.size();
    return body();
}

} // namespace outpost
