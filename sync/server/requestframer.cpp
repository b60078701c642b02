#include "requestframer.h"

#include <QList>

namespace outpost {

namespace {

RequestFramer::Verdict rejection(int status, const char *code, const QString &message)
{
    RequestFramer::Verdict verdict;
    verdict.reject = true;
    verdict.status = status;
    verdict.code = QString::fromLatin1(code);
    verdict.message = message;
    return verdict;
}

} // namespace

RequestFramer::Verdict RequestFramer::feed(const QByteArray &data)
{
    Verdict verdict;
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (m_inBody) {
            const qint64 take = std::min<qint64>(m_bodyRemaining, data.size() - pos);
            m_bodyRemaining -= take;
            pos += take;
            if (m_bodyRemaining == 0)
                m_inBody = false;
            continue;
        }
        // Between requests, stray CRLFs are ignored (RFC 9112 2.2).
        if (m_head.isEmpty() && (data[pos] == '\r' || data[pos] == '\n')) {
            ++pos;
            continue;
        }
        const qsizetype searchFrom = std::max<qsizetype>(0, m_head.size() - 3);
        const qint64 room = m_limits.maxHeaderBytes - m_head.size();
        const qsizetype chunk = std::min<qsizetype>(data.size() - pos, room + 1);
        m_head.append(data.constData() + pos, chunk);
        const qsizetype end = m_head.indexOf("\r\n\r\n", searchFrom);
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes)
                return rejection(431, "headers_too_large",
                                 QStringLiteral("the request head is larger than %1 bytes")
                                     .arg(m_limits.maxHeaderBytes));
            pos += chunk;
            continue;
        }
        // Bytes after the head's end belong to the body or the next request.
        const qsizetype headBytesInChunk = end + 4 - (m_head.size() - chunk);
        pos += headBytesInChunk;
        m_head.truncate(end + 4);
        bool expectContinue = false;
        Verdict head = parseHead(&expectContinue);
        m_head.clear();
        if (head.reject)
            return head;
        if (m_bodyRemaining > 0) {
            m_inBody = true;
            if (expectContinue && pos == data.size())
                ++verdict.continues;
        }
    }
    return verdict;
}

void RequestFramer::skipBody(qint64 bytes)
{
    const qint64 take = std::min(bytes, bodyBytesLeft());
    m_bodyRemaining -= take;
    if (m_inBody && m_bodyRemaining == 0)
        m_inBody = false;
}

namespace {

// Control characters (NUL included) have no place in a request line or header (RFC 9110/9112;
// a horizontal tab may separate a header value).
bool hasControlCharacter(const QByteArray &bytes)
{
    return std::any_of(bytes.begin(), bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

} // namespace

RequestFramer::Verdict RequestFramer::parseHead(bool *expectContinue)
{
    const QList<QByteArray> lines = m_head.left(m_head.size() - 4).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") ||
        hasControlCharacter(lines.first().trimmed()))
        return rejection(400, "bad_request_line", QStringLiteral("malformed HTTP request line"));
    bool haveLength = false;
    m_bodyRemaining = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || hasControlCharacter(line))
            return rejection(400, "bad_header", QStringLiteral("malformed header line"));
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            const bool digitsOnly = !value.isEmpty() && value.size() <= 18 &&
                                    std::all_of(value.begin(), value.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
            if (!ok || !digitsOnly || (haveLength && length != m_bodyRemaining))
                return rejection(400, "bad_content_length",
                                 QStringLiteral("Content-Length is not a single number"));
            haveLength = true;
            m_bodyRemaining = length;
        } else if (name == "transfer-encoding") {
            return rejection(411, "length_required",
                             QStringLiteral("send a Content-Length; chunked bodies are not "
                                            "accepted"));
        } else if (name == "expect") {
            *expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
    }
    if (m_bodyRemaining > m_limits.maxBodyBytes)
        return rejection(413, "payload_too_large",
                         QStringLiteral("the body is %1 bytes; at most %2 are accepted")
                             .arg(m_bodyRemaining)
                             .arg(m_limits.maxBodyBytes));
    return {};
}

} // namespace outpost
