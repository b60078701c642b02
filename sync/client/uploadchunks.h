// The plaintext chunks of one attachment upload, decrypted from the device's encrypted file
// with their checksum (Upload-Checksum: crc32, or sha256 for a server that offers no crc32): the chunk being sent, kept until it is acknowledged
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
    enum class Checksum
    {
        Crc32, // zlib's CRC-32, big-endian: a transfer-damage check ~3x cheaper than SHA-256
        Sha256
    };
    struct Chunk
    {
        qint64 offset = -1;
        QByteArray bytes;
        QByteArray checksum; // raw digest of bytes
        // The Upload-Checksum header's value: "crc32 <base64>" or "sha256 <base64>".
        QByteArray checksumHeader;
    };

    // store: not owned, must outlive this object.
    UploadChunks(LocalStore *store, const QUuid &attachmentId, Checksum checksum);
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
    Checksum m_checksum;
    std::unique_ptr<AttachmentCursor> m_cursor;
    Chunk m_current;
    Chunk m_next;
};

} // namespace outpost
