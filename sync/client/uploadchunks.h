// The plaintext chunks of one attachment upload, decrypted from the device's encrypted file
// with their sha256 (Upload-Checksum): the chunk being sent, kept until it is acknowledged
// (a 460 resends it as is), and the one after it, prepared while the first is on the way
// (prefetch), so that the device's decrypting and hashing overlap the transfer and the
// server's work. Memory: two chunks.
// Thread: one thread at a time (the engine's).
#pragma once

#include <QByteArray>
#include <QUuid>

#include <memory>

#include "result.h"

namespace outpost {

class AttachmentCursor;
class LocalStore;

class UploadChunks
{
public:
    struct Chunk
    {
        qint64 offset = -1;
        QByteArray bytes;
        QByteArray sha256; // raw digest of bytes
    };

    // store: not owned, must outlive this object.
    UploadChunks(LocalStore *store, const QUuid &attachmentId);
    ~UploadChunks();

    // The chunk [offset, offset + length): the current one again, the prefetched one, or read
    // now. It becomes the current chunk.
    Result<Chunk> take(qint64 offset, qint64 length);
    // Prepares [offset, offset + length) for the next take() unless it is ready already; a
    // failure is kept silent (take() reads again and reports it).
    void prefetch(qint64 offset, qint64 length);
    // Forgets both chunks (the file is read from the start again on the next take()).
    void reset();

private:
    Result<Chunk> read(qint64 offset, qint64 length);
    static bool holds(const Chunk &chunk, qint64 offset, qint64 length)
    {
        return chunk.offset == offset && chunk.bytes.size() == length;
    }

    LocalStore *m_store;
    QUuid m_attachmentId;
    std::unique_ptr<AttachmentCursor> m_cursor;
    Chunk m_current;
    Chunk m_next;
};

} // namespace outpost
