// LocalStore: encrypted attachment files and their upload state.
#include "localstore.h"

#include "attachmentwriter.h"
#include "storeconnection.h"
#include "storeerrors.h"
#include "storelogging.h"
#include "timeuuid.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

namespace outpost {

using namespace storeerrors;

namespace {

Error attachmentNotFound(const QUuid &id)
{
    return Error::permanentError(QStringLiteral("attachment_not_found"),
                                 QStringLiteral("no attachment %1").arg(uuidText(id)));
}

} // namespace

const char *const LocalStore::kSelectAttachment =
    "SELECT id, sha256, size_bytes, mime_type, file_name, record_id, upload_state,"
    " uploaded_bytes, upload_url, last_error, from_server, download_state, downloaded_bytes,"
    " download_error FROM attachments";

AttachmentInfo LocalStore::readAttachmentRow(const SqliteStatement &stmt)
{
    AttachmentInfo info;
    info.ref.id = QUuid::fromString(stmt.columnText(0));
    info.ref.sha256 = stmt.columnText(1);
    info.ref.sizeBytes = stmt.columnInt64(2);
    info.ref.mimeType = stmt.columnText(3);
    info.ref.fileName = stmt.columnText(4);
    info.recordId = QUuid::fromString(stmt.columnText(5));
    info.uploadState = uploadStateFromName(stmt.columnText(6)).valueOr(UploadState::Waiting);
    info.uploadedBytes = stmt.columnInt64(7);
    info.uploadUrl = stmt.columnText(8);
    info.lastError = stmt.columnText(9);
    info.fromServer = stmt.columnInt64(10) != 0;
    info.downloadState = downloadStateFromName(stmt.columnText(11)).valueOr(DownloadState::None);
    info.downloadedBytes = stmt.columnInt64(12);
    info.downloadError = stmt.columnText(13);
    return info;
}

Result<AttachmentRef> LocalStore::importAttachment(const QString &filePath, const QUuid &recordId)
{
    if (!m_connection)
        return locked();
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error::permanentError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot read %1: %2").arg(filePath, file.errorString()));
    const QString mimeType = QMimeDatabase().mimeTypeForFile(filePath).name();
    return importAttachment(file, QFileInfo(filePath).fileName(), mimeType, recordId);
}

Result<AttachmentRef> LocalStore::importAttachment(QIODevice &source, const QString &fileName,
                                                   const QString &mimeType, const QUuid &recordId)
{
    if (!m_connection)
        return locked();
    AttachmentRef ref;
    ref.id = timeOrderedUuid();
    ref.fileName = QFileInfo(fileName).fileName();
    ref.mimeType = mimeType.isEmpty() ? QStringLiteral("application/octet-stream") : mimeType;
    const QString path = m_location.attachmentPath(uuidText(ref.id));
    auto digest = AttachmentWriter::write(source, path, ref.id, m_connection->attachmentKey());
    if (!digest)
        return digest.error();
    ref.sha256 = digest->sha256;
    ref.sizeBytes = digest->sizeBytes;

    auto insert = m_connection->db().cached(
        "INSERT INTO attachments(id, record_id, file_name, mime_type, size_bytes, sha256,"
        " created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    Status inserted = insert ? Status() : Status(insert.error());
    if (inserted) {
        SqliteStatement &s = **insert;
        s.bind(1, uuidText(ref.id));
        s.bind(2, recordId.isNull() ? QString() : uuidText(recordId));
        s.bind(3, ref.fileName);
        s.bind(4, ref.mimeType);
        s.bind(5, ref.sizeBytes);
        s.bind(6, ref.sha256);
        s.bind(7, QDateTime::currentMSecsSinceEpoch());
        inserted = s.run();
    }
    if (!inserted) {
        QFile::remove(path);
        return inserted.error();
    }
    return ref;
}

Result<AttachmentInfo> LocalStore::attachment(const QUuid &id) const
{
    if (!m_connection)
        return locked();
    static const QByteArray sql = QByteArray(kSelectAttachment) + " WHERE id = ?1";
    auto stmt = m_connection->db().cached(sql.constData());
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, uuidText(id));
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return attachmentNotFound(id);
    AttachmentInfo info = readAttachmentRow(**stmt);
    (*stmt)->reset();
    return info;
}

Result<std::unique_ptr<AttachmentReader>> LocalStore::openAttachment(const QUuid &id,
                                                                     bool checkSha256) const
{
    auto info = attachment(id);
    if (!info)
        return info.error();
    if (info->fromServer && info->downloadState != DownloadState::Done)
        return Error::permanentError(QStringLiteral("attachment_not_downloaded"),
                                     QStringLiteral("attachment %1 is on the server; download "
                                                    "it first")
                                         .arg(uuidText(id)));
    return AttachmentReader::open(m_location.attachmentPath(uuidText(id)), id,
                                  m_connection->attachmentKey(),
                                  checkSha256 ? info->ref.sha256 : QString());
}

Status LocalStore::exportAttachment(const QUuid &id, QIODevice &destination) const
{
    auto reader = openAttachment(id);
    if (!reader)
        return reader.error();
    while (!(*reader)->atEnd()) {
        auto chunk = (*reader)->read();
        if (!chunk)
            return chunk.error();
        if (destination.write(*chunk) != chunk->size())
            return Error::transientError(
                QStringLiteral("io_error"),
                QStringLiteral("cannot write the attachment: %1").arg(destination.errorString()));
    }
    return {};
}

Result<QList<AttachmentInfo>> LocalStore::listAttachments(const QByteArray &sql) const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(sql.constData());
    if (!stmt)
        return stmt.error();
    QList<AttachmentInfo> list;
    for (;;) {
        auto row = (*stmt)->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        list.append(readAttachmentRow(**stmt));
    }
    return list;
}

Result<QList<AttachmentInfo>> LocalStore::attachmentsToUpload() const
{
    static const QByteArray sql =
        QByteArray(kSelectAttachment) + " WHERE upload_state <> 'done' ORDER BY created_at_ms, id";
    return listAttachments(sql);
}

Status LocalStore::setUploadProgress(const QUuid &id, UploadState state, qint64 uploadedBytes,
                                     const QString &uploadUrl, const QString &lastError)
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(
        "UPDATE attachments SET upload_state = ?2, uploaded_bytes = ?3, upload_url = ?4,"
        " last_error = ?5 WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, uuidText(id));
    (*stmt)->bind(2, uploadStateName(state));
    (*stmt)->bind(3, uploadedBytes);
    (*stmt)->bind(4, uploadUrl);
    (*stmt)->bind(5, lastError);
    if (Status s = (*stmt)->run(); !s)
        return s;
    if (m_connection->db().changes() == 0)
        return attachmentNotFound(id);
    return {};
}

} // namespace outpost
