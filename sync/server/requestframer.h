// Follows the framing of HTTP/1.1 requests on one connection, byte by byte as they arrive,
// so that limits are enforced before QtHttpServer buffers a body: header block size (431),
// body size from Content-Length (413), chunked bodies refused (411), malformed request line
// (400). It also says when a request asked for "Expect: 100-continue".
#pragma once

#include <QByteArray>
#include <QString>

namespace outpost {

class RequestFramer
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 16 * 1024;
        qint64 maxBodyBytes = 4 * 1024 * 1024;
    };
    struct Verdict
    {
        bool reject = false;
        int status = 0; // reject only: 400, 411, 413 or 431
        QString code;
        QString message;
        int continues = 0; // how many "100 Continue" answers are due
    };

    explicit RequestFramer(Limits limits) : m_limits(limits) {}

    Verdict feed(const QByteArray &data);
    // Some bytes of a request have arrived but not all of it.
    bool inRequest() const { return m_inBody || !m_head.isEmpty(); }
    // Bytes of the current request's body still to come (0 outside a body).
    qint64 bodyBytesLeft() const { return m_inBody ? m_bodyRemaining : 0; }
    // Counts bytes (at most bodyBytesLeft()) that arrived as body, without looking at them:
    // the same as feed() with those bytes, without copying them.
    void skipBody(qint64 bytes);

private:
    Verdict parseHead(bool *expectContinue);

    Limits m_limits;
    QByteArray m_head;
    bool m_inBody = false;
    qint64 m_bodyRemaining = 0;
};

} // namespace outpost
