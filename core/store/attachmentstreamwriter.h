// Writes an attachment that arrives in pieces (a download) straight into the store's encrypted
// format (attachmentwriter.h), so its plaintext never touches the disk: pieces are buffered up
// to one 64 KiB chunk, every full chunk is encrypted and appended to a partial file; finish()
// writes the last chunk with TAG_FINAL, checks the sha256 and moves the file into place.
//
// Resuming after a cut or a restart: resume() reads back the complete chunks of the partial
// file (each authenticated), re-encrypts them into a fresh partial file (a secretstream state
// cannot be saved) and carries on after them; bytesWritten() is where the download goes on
// from (a Range request). Memory: one chunk.
// Thread: one thread at a time; holds its own copy of the key in secure memory.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QUuid>

#include <memory>

#include "result.h"

namespace outpost {

class SecureBuffer;

class AttachmentStreamWriter
{
public:
    ~AttachmentStreamWriter();
    AttachmentStreamWriter(const AttachmentStreamWriter &) = delete;
    AttachmentStreamWriter &operator=(const AttachmentStreamWriter &) = delete;

    // A new partial file at partPath (replacing any).
    static Result<std::unique_ptr<AttachmentStreamWriter>>
    create(const QString &partPath, const QUuid &id, const SecureBuffer &key);
    // Keeps the complete chunks of partPath (none if it is missing or unreadable).
    static Result<std::unique_ptr<AttachmentStreamWriter>>
    resume(const QString &partPath, const QUuid &id, const SecureBuffer &key);

    // Plaintext bytes safely in the partial file (whole chunks), where a resume starts.
    qint64 bytesWritten() const { return m_written; }
    // Plaintext bytes received so far (bytesWritten() plus the buffered part of a chunk).
    qint64 bytesReceived() const { return m_written + m_buffer.size(); }
    Status append(const QByteArray &plaintext);
    // Flushes the partial file to disk (after a batch of appends; a resume trusts it).
    Status sync();
    // Writes the final chunk, checks the plaintext's size and sha256 (lower-case hex) and
    // renames the file to finalPath. On a mismatch the partial file is removed
    // ("attachment_tampered").
    Status finish(const QString &finalPath, qint64 expectedSizeBytes,
                  const QString &expectedSha256);

private:
    AttachmentStreamWriter();
    Status pushChunk(const char *data, qint64 size, bool final);
    struct Private;
    std::unique_ptr<Private> d;
    QByteArray m_buffer; // plaintext not yet encrypted (< one chunk)
    qint64 m_written = 0;
};

} // namespace outpost
