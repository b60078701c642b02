// Reads one encrypted attachment back as plaintext, chunk by chunk, in bounded memory.
// Every chunk's authentication tag is checked as it is read (a flipped bit, a reordered,
// missing or foreign chunk is an "attachment_tampered" error); at the end the stream's final
// tag and the sha256 of the plaintext are checked too. Only when atEnd() is true after the
// last read() succeeded has the whole file been verified.
// Thread: one thread at a time; independent of the LocalStore that opened it (it holds its
// own copy of the key in secure memory, wiped on destruction).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QUuid>

#include <memory>

#include "result.h"

namespace outpost {

class SecureBuffer;

class AttachmentReader
{
public:
    ~AttachmentReader();
    AttachmentReader(const AttachmentReader &) = delete;
    AttachmentReader &operator=(const AttachmentReader &) = delete;

    // Opens <path> written for attachment <id> with the 32-byte attachment key. sha256 empty:
    // only the chunks' authentication tags (and the final tag) are checked, nothing is hashed.
    static Result<std::unique_ptr<AttachmentReader>>
    open(const QString &path, const QUuid &id, const SecureBuffer &key, const QString &sha256);

    // The next plaintext chunk (at most 64 KiB); empty with atEnd() once all is read.
    Result<QByteArray> read();
    // The same, decrypted straight into dest, which has room for kMaxPieceBytes; returns how
    // many bytes it wrote (0 with atEnd() once all is read). No copy, no allocation.
    Result<qint64> readInto(char *dest);
    static constexpr qint64 kMaxPieceBytes = 64 * 1024; // AttachmentWriter::kChunkBytes
    bool atEnd() const { return m_finished; }
    qint64 plaintextBytesRead() const { return m_plainBytes; }

private:
    AttachmentReader();
    struct Private;
    std::unique_ptr<Private> d;
    bool m_finished = false;
    qint64 m_plainBytes = 0;
};

} // namespace outpost
