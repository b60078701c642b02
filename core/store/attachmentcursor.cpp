#include "attachmentcursor.h"

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
    QByteArray out;
    out.reserve(static_cast<qsizetype>(maxBytes));
    while (out.size() < maxBytes) {
        auto piece = nextPiece();
        if (!piece)
            return piece.error();
        if (piece->isEmpty())
            break;
        const qint64 room = maxBytes - out.size();
        if (piece->size() > room) {
            out.append(piece->constData(), static_cast<qsizetype>(room));
            m_carry = piece->mid(room);
        } else {
            out.append(*piece);
        }
    }
    m_position += out.size();
    return out;
}

} // namespace outpost
