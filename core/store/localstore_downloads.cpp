// LocalStore: attachments made on other devices, downloaded on demand into the encrypted
// attachment directory (the partial file is encrypted too: AttachmentStreamWriter).
#include "localstore.h"

#include "sqlitestatement.h"
#include "storeconnection.h"
#include "storeerrors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace outpost {

using namespace storeerrors;

namespace {

// The attachment reference with this id anywhere in a record's values (repeats included).
std::optional<AttachmentRef> findRef(const QJsonValue &value, const QString &idText)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (QUuid::fromString(object.value(QStringLiteral("id")).toString()) ==
            QUuid::fromString(idText)) {
            if (auto ref = AttachmentRef::fromJson(object))
                return *ref;
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (auto found = findRef(it.value(), idText))
                return found;
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (auto found = findRef(item, idText))
                return found;
        }
    }
    return std::nullopt;
}

QString partPath(const StoreLocation &location, const QUuid &id)
{
    return location.attachmentPath(uuidText(id)) + QStringLiteral(".part");
}

} // namespace

Result<AttachmentInfo> LocalStore::requestDownload(const QUuid &id)
{
    if (!m_connection)
        return locked();
    if (auto existing = attachment(id)) {
        if (!existing->fromServer || existing->downloadState == DownloadState::Done)
            return existing;
        if (Status s = setDownloadProgress(id, DownloadState::Wanted, existing->downloadedBytes);
            !s)
            return s.error();
        return attachment(id);
    } else if (existing.error().code != QStringLiteral("attachment_not_found")) {
        return existing.error();
    }
    auto select = m_connection->db().cached(
        "SELECT id, values_json FROM records WHERE deleted = 0 AND values_json LIKE ?1");
    if (!select)
        return select.error();
    (*select)->bind(1, QStringLiteral("%") + uuidText(id) + QStringLiteral("%"));
    std::optional<AttachmentRef> ref;
    QUuid recordId;
    for (;;) {
        auto row = (*select)->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const QJsonObject values = QJsonDocument::fromJson((*select)->columnBytes(1)).object();
        ref = findRef(values, uuidText(id));
        if (ref) {
            recordId = QUuid::fromString((*select)->columnText(0));
            (*select)->reset();
            break;
        }
    }
    if (!ref)
        return Error::permanentError(QStringLiteral("attachment_not_found"),
                                     QStringLiteral("no record on this device declares "
                                                    "attachment %1")
                                         .arg(uuidText(id)));
    auto insert = m_connection->db().cached(
        "INSERT INTO attachments(id, record_id, file_name, mime_type, size_bytes, sha256,"
        " upload_state, created_at_ms, from_server, download_state)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'done', ?7, 1, 'wanted')");
    if (!insert)
        return insert.error();
    SqliteStatement &s = **insert;
    s.bind(1, uuidText(id));
    s.bind(2, uuidText(recordId));
    s.bind(3, ref->fileName);
    s.bind(4, ref->mimeType);
    s.bind(5, ref->sizeBytes);
    s.bind(6, ref->sha256);
    s.bind(7, QDateTime::currentMSecsSinceEpoch());
    if (Status inserted = s.run(); !inserted)
        return inserted.error();
    return attachment(id);
}

Result<QList<AttachmentInfo>> LocalStore::attachmentsToDownload() const
{
    static const QByteArray sql = QByteArray(kSelectAttachment) +
                                  " WHERE from_server = 1 AND download_state <> 'done'"
                                  " ORDER BY created_at_ms, id";
    return listAttachments(sql);
}

Status LocalStore::setDownloadProgress(const QUuid &id, DownloadState state, qint64 downloadedBytes,
                                       const QString &error)
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(
        "UPDATE attachments SET download_state = ?2, downloaded_bytes = ?3, download_error = ?4"
        " WHERE id = ?1 AND from_server = 1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, uuidText(id));
    (*stmt)->bind(2, downloadStateName(state));
    (*stmt)->bind(3, downloadedBytes);
    (*stmt)->bind(4, error);
    if (Status s = (*stmt)->run(); !s)
        return s;
    if (m_connection->db().changes() == 0)
        return Error::permanentError(
            QStringLiteral("attachment_not_found"),
            QStringLiteral("no download of attachment %1").arg(uuidText(id)));
    return {};
}

Result<std::unique_ptr<AttachmentStreamWriter>> LocalStore::openDownload(const QUuid &id,
                                                                         bool fromStart)
{
    if (!m_connection)
        return locked();
    if (fromStart)
        return AttachmentStreamWriter::create(partPath(m_location, id), id,
                                              m_connection->attachmentKey());
    return AttachmentStreamWriter::resume(partPath(m_location, id), id,
                                          m_connection->attachmentKey());
}

Status LocalStore::finishDownload(const QUuid &id, AttachmentStreamWriter &writer)
{
    auto info = attachment(id);
    if (!info)
        return info.error();
    if (Status s = writer.finish(m_location.attachmentPath(uuidText(id)), info->ref.sizeBytes,
                                 info->ref.sha256);
        !s) {
        (void)setDownloadProgress(id, DownloadState::Failed, 0, s.error().message);
        return s;
    }
    return setDownloadProgress(id, DownloadState::Done, info->ref.sizeBytes);
}

} // namespace outpost
