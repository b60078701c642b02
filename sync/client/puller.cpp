#include "puller.h"

#include <QJsonDocument>

#include "localstore.h"
#include "serverchanges.h"

namespace outpost {

const QString Puller::kCursorKey = QStringLiteral("pull_cursor");
const QString Puller::kConflictsKey = QStringLiteral("open_conflicts");

namespace {

QString formTitle(const QJsonObject &definition)
{
    const QJsonValue title = definition.value(QStringLiteral("title"));
    if (title.isString())
        return title.toString();
    if (title.isObject()) { // localized text: {"en": "...", ...}
        const QJsonObject texts = title.toObject();
        if (texts.contains(QStringLiteral("en")))
            return texts.value(QStringLiteral("en")).toString();
        if (!texts.isEmpty())
            return texts.begin().value().toString();
    }
    return {};
}

} // namespace

Result<QString> Puller::cursor() const
{
    return m_store->syncState(kCursorKey);
}

Status Puller::saveConflicts(const PullResponse &page)
{
    if (page.conflicts.empty())
        return {};
    auto text = m_store->syncState(kConflictsKey);
    if (!text)
        return text.error();
    QJsonObject open = QJsonDocument::fromJson(text->toUtf8()).object();
    for (const ConflictInfo &conflict : page.conflicts) {
        const QString key = QString::number(conflict.id);
        if (conflict.status == QStringLiteral("open"))
            open.insert(key, conflict.toJson());
        else
            open.remove(key);
    }
    return m_store->setSyncState(
        kConflictsKey, QString::fromUtf8(QJsonDocument(open).toJson(QJsonDocument::Compact)));
}

Status Puller::applyPage(const PullResponse &page)
{
    if (page.cursor.isEmpty())
        return Error::transientError(QStringLiteral("invalid_response"),
                                     QStringLiteral("the pull page has no cursor"));
    for (const FormInfo &form : page.forms) {
        if (form.formId.isEmpty() || form.formVersion <= 0)
            return Error::transientError(QStringLiteral("invalid_response"),
                                         QStringLiteral("a pulled form has no id or version"));
        StoredForm stored{form.formId, form.formVersion, formTitle(form.definition),
                          QJsonDocument(form.definition).toJson(QJsonDocument::Compact)};
        if (Status s = m_store->saveForm(stored); !s)
            return s;
    }
    if (Status s = saveConflicts(page); !s)
        return s;

    ServerChanges changes;
    changes.cursorKey = kCursorKey;
    changes.cursor = page.cursor;
    // Conflict flags travel with the page: set when the server says so, cleared when a
    // pulled record comes back without it; idempotent on a re-pull.
    changes.hasConflictFlags = true;
    changes.records.reserve(static_cast<qsizetype>(page.records.size()));
    for (const RecordChange &change : page.records) {
        if (change.record.id.isNull() || change.record.serverVersion <= 0)
            return Error::transientError(QStringLiteral("invalid_response"),
                                         QStringLiteral("a pulled record has no id or version"));
        if (change.record.deleted) {
            changes.deletions.append(
                ServerTombstone{change.record.id, change.record.serverVersion});
        } else {
            changes.records.append(change.record);
            if (change.inConflict)
                changes.inConflict.insert(change.record.id);
        }
    }
    return m_store->applyServerChanges(changes);
}

} // namespace outpost
