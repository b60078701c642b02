// Parses the HTTP/1.1 requests of one connection as their bytes arrive, with Debian's
// http-parser (the parser QtHttpServer bundles) doing the grammar and this class the limits:
// head size (431), declared body size (413), any Transfer-Encoding (411: only Content-Length
// bodies are accepted), control characters and malformed heads (400), all decided before a
// body byte is kept. Pipelined requests follow one another in the same stream. No socket and no
// threads: HttpConnection feeds it, fuzz/fuzz_requestparser too.
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

#include "httprequest.h"

struct http_parser;

namespace outpost {

class RequestParser
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 16 * 1024;
        qint64 maxBodyBytes = 4 * 1024 * 1024;
    };
    struct Rejection
    {
        int status = 0; // 400, 411, 413 or 431
        QString code;
        QString message;
    };
    struct Events
    {
        // A request's head is complete and within the limits. Returns true when its body is
        // streamed (given to onBody piece by piece) instead of collected into request.body.
        std::function<bool(HttpRequest &head)> onHead;
        std::function<void(const char *data, qsizetype sizeBytes)> onBody;
        // The request is whole (a streamed one: its body has ended; request.body is empty).
        std::function<void(HttpRequest &&request, bool streamed)> onComplete;
    };

    RequestParser(Limits limits, Events events);
    ~RequestParser();
    RequestParser(const RequestParser &) = delete;
    RequestParser &operator=(const RequestParser &) = delete;

    // Parses bytes; returns how many were consumed: all of them unless the stream was refused
    // (rejection()) or the request asked to switch protocols (nothing after it is HTTP).
    qsizetype feed(const char *data, qsizetype sizeBytes);
    const Rejection *rejection() const { return m_rejection.get(); }
    // Some bytes of a request have arrived but not all of it.
    bool inRequest() const { return m_inRequest; }
    // The current request's head is complete and its body is still coming.
    bool inBody() const { return m_inBody; }
    qint64 bodyBytesLeft() const { return m_inBody ? m_bodyLeft : 0; }
    // The stream ended at a protocol switch (Upgrade / CONNECT): close after answering.
    bool stopped() const { return m_stopped; }

    // http-parser's callbacks (C linkage through static trampolines).
    int messageBegin();
    int url(const char *at, size_t length);
    int headerField(const char *at, size_t length);
    int headerValue(const char *at, size_t length);
    int headersComplete();
    int body(const char *at, size_t length);
    int messageComplete();

private:
    void endHeader();
    int refuse(int status, const char *code, const QString &message);
    bool headTooLarge(size_t more);

    Limits m_limits;
    Events m_events;
    std::unique_ptr<http_parser> m_parser;
    std::unique_ptr<Rejection> m_rejection;
    HttpRequest m_request;
    QByteArray m_url;
    QByteArray m_field;
    QByteArray m_value;
    bool m_inValue = false;
    bool m_sawHeader = false; // past the request line: errors are the headers'
    qint64 m_headBytes = 0;
    bool m_inRequest = false;
    bool m_inBody = false;
    bool m_streamed = false;
    bool m_stopped = false;
    qint64 m_bodyLeft = 0;
};

} // namespace outpost
