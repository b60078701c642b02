// Reads an attachment's plaintext from any offset in pieces of a chosen size (an upload's
// chunks), in bounded memory: an AttachmentReader underneath (every 64 KiB piece is
// authenticated as it is read), a carry of at most one piece, and a forward skip for a resume
// (secretstream cannot seek: skipping decrypts and drops the bytes before the offset).
// Thread: one thread at a time.
#pragma once

#include <QByteArray>

#include <memory>

#include "attachmentreader.h"
#include "result.h"

namespace outpost {

class AttachmentCursor
{
public:
    explicit AttachmentCursor(std::unique_ptr<AttachmentReader> reader);

    qint64 position() const { return m_position; } // plaintext offset of the next read
    // Moves forward to offset (>= position()); an error if the file ends before it.
    Status skipTo(qint64 offset);
    // The next at most maxBytes of plaintext (fewer only at the end; empty at the end).
    Result<QByteArray> read(qint64 maxBytes);
    bool atEnd() const { return m_carry.isEmpty() && m_reader->atEnd(); }

private:
    Result<QByteArray> nextPiece(); // the carry, else the reader's next piece

    std::unique_ptr<AttachmentReader> m_reader;
    QByteArray m_carry;
    qint64 m_position = 0;
};

} // namespace outpost
