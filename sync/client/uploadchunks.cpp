#include "uploadchunks.h"

#include "attachmentcursor.h"
#include "crc32.h"
#include "localstore.h"
#include "sha256.h"

namespace outpost {

UploadChunks::UploadChunks(LocalStore *store, const QUuid &attachmentId, Checksum checksum)
    : m_store(store), m_attachmentId(attachmentId), m_checksum(checksum)
{}

UploadChunks::~UploadChunks() = default;

void UploadChunks::reset()
{
    m_cursor.reset();
    m_current = Chunk{};
    m_next = Chunk{};
}

Result<UploadChunks::Chunk> UploadChunks::take(qint64 offset, qint64 length)
{
    if (holds(m_current, offset, length))
        return m_current; // resending the same chunk
    if (holds(m_next, offset, length)) {
        m_current = std::exchange(m_next, Chunk{});
        return m_current;
    }
    m_current = Chunk{};
    auto chunk = read(offset, length);
    if (!chunk)
        return chunk.error();
    m_current = std::move(*chunk);
    return m_current;
}

void UploadChunks::prefetch(qint64 offset, qint64 length)
{
    if (length <= 0 || holds(m_current, offset, length) || holds(m_next, offset, length))
        return;
    m_next = Chunk{};
    if (auto chunk = read(offset, length))
        m_next = std::move(*chunk);
}

Result<UploadChunks::Chunk> UploadChunks::read(qint64 offset, qint64 length)
{
    if (!m_cursor || m_cursor->position() > offset) {
        m_cursor.reset();
        // Every piece is authenticated as it is decrypted; the whole file's sha256 is the
        // server's to check (it refuses a mismatch), so the device does not hash it again.
        auto reader = m_store->openAttachment(m_attachmentId, false);
        if (!reader)
            return reader.error();
        m_cursor = std::make_unique<AttachmentCursor>(std::move(*reader));
    }
    if (Status s = m_cursor->skipTo(offset); !s)
        return s.error();
    auto bytes = m_cursor->read(length);
    if (!bytes)
        return bytes.error();
    if (bytes->size() != length)
        return Error::permanentError(QStringLiteral("attachment_tampered"),
                                     QStringLiteral("the file is shorter than its record says"));
    Chunk chunk;
    chunk.offset = offset;
    if (m_checksum == Checksum::Crc32) {
        chunk.checksum = Crc32::hash(*bytes);
        chunk.checksumHeader = "crc32 " + chunk.checksum.toBase64();
    } else {
        chunk.checksum = Sha256::hash(*bytes);
        chunk.checksumHeader = "sha256 " + chunk.checksum.toBase64();
    }
    chunk.bytes = std::move(*bytes);
    return chunk;
}

} // namespace outpost
