#include "attachmentcursor.h"

#include <cstring>

namespace outpost {

AttachmentCursor::AttachmentCursor(std::unique_ptr<AttachmentReader> reader)
    : m_reader(std::move(reader))
{}

Result<QByteArray> AttachmentCursor::nextPiece()
{
    if (!m_carry.isEmpty())
        return std::exchange(m_carry, {});
    return m_reader->read();
}

Status AttachmentCursor::skipTo(qint64 offset)
{
    while (m_position < offset) {
        auto piece = nextPiece();
        if (!piece)
            return piece.error();
        if (piece->isEmpty())
            return Error::permanentError(
                QStringLiteral("invalid_argument"),
                QStringLiteral("the attachment is shorter than %1 bytes").arg(offset));
        const qint64 take = std::min<qint64>(piece->size(), offset - m_position);
        if (take < piece->size())
            m_carry = piece->mid(take);
        m_position += take;
    }
    return {};
}

Result<QByteArray> AttachmentCursor::read(qint64 maxBytes)
{
    QByteArray out(static_cast<qsizetype>(maxBytes), Qt::Uninitialized);
    qint64 filled = 0;
    while (filled < maxBytes) {
        const qint64 room = maxBytes - filled;
        if (m_carry.isEmpty() && room >= AttachmentReader::kMaxPieceBytes) {
            // Decrypted in place: no piece buffer, no copy.
            auto n = m_reader->readInto(out.data() + filled);
            if (!n)
                return n.error();
            if (*n == 0)
                break;
            filled += *n;
            continue;
        }
        auto piece = nextPiece();
        if (!piece)
            return piece.error();
        if (piece->isEmpty())
            break;
        const qint64 take = std::min<qint64>(piece->size(), room);
        memcpy(out.data() + filled, piece->constData(), static_cast<size_t>(take));
        if (take < piece->size())
            m_carry = piece->mid(take);
        filled += take;
    }
    out.truncate(static_cast<qsizetype>(filled));
    m_position += filled;
    return out;
}

} // namespace outpost
