#include "requestparser.h"

#include <QUrl>
#include <QUrlQuery>

#include <http_parser.h>

#include <algorithm>

namespace outpost {

namespace {

RequestParser *self(http_parser *parser)
{
    return static_cast<RequestParser *>(parser->data);
}

const http_parser_settings &settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings out;
        http_parser_settings_init(&out);
        out.on_message_begin = [](http_parser *p) { return self(p)->messageBegin(); };
        out.on_url = [](http_parser *p, const char *at, size_t n) { return self(p)->url(at, n); };
        out.on_header_field = [](http_parser *p, const char *at, size_t n) {
            return self(p)->headerField(at, n);
        };
        out.on_header_value = [](http_parser *p, const char *at, size_t n) {
            return self(p)->headerValue(at, n);
        };
        out.on_headers_complete = [](http_parser *p) { return self(p)->headersComplete(); };
        out.on_body = [](http_parser *p, const char *at, size_t n) { return self(p)->body(at, n); };
        out.on_message_complete = [](http_parser *p) { return self(p)->messageComplete(); };
        return out;
    }();
    return s;
}

// Control characters (NUL included) have no place in a request line or header (RFC 9110/9112;
// a horizontal tab may separate a header value). http-parser lets some of them through.
bool hasControlCharacter(const QByteArray &bytes)
{
    return std::any_of(bytes.begin(), bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

} // namespace

RequestParser::RequestParser(Limits limits, Events events)
    : m_limits(limits), m_events(std::move(events)), m_parser(std::make_unique<http_parser>())
{
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
}

RequestParser::~RequestParser() = default;

qsizetype RequestParser::feed(const char *data, qsizetype sizeBytes)
{
    if (m_rejection || m_stopped || sizeBytes <= 0)
        return 0;
    const size_t parsed =
        http_parser_execute(m_parser.get(), &settings(), data, static_cast<size_t>(sizeBytes));
    const auto error = HTTP_PARSER_ERRNO(m_parser.get());
    if (error != HPE_OK && !m_rejection) {
        const bool transferEncoding =
            m_parser->uses_transfer_encoding || m_field.toLower() == "transfer-encoding";
        switch (error) {
        case HPE_HEADER_OVERFLOW:
            refuse(431, "headers_too_large",
                   QStringLiteral("the request head is larger than %1 bytes")
                       .arg(m_limits.maxHeaderBytes));
            break;
        case HPE_INVALID_TRANSFER_ENCODING:
        case HPE_UNEXPECTED_CONTENT_LENGTH:
        case HPE_INVALID_CONTENT_LENGTH:
            if (transferEncoding)
                refuse(411, "length_required",
                       QStringLiteral("send a Content-Length; chunked bodies are not accepted"));
            else
                refuse(400, "bad_content_length",
                       QStringLiteral("Content-Length is not a single number"));
            break;
        default:
            if (m_sawHeader)
                refuse(400, "bad_header", QStringLiteral("malformed header line"));
            else
                refuse(400, "bad_request_line", QStringLiteral("malformed HTTP request line"));
        }
    }
    if (m_rejection)
        return static_cast<qsizetype>(parsed);
    if (m_parser->upgrade)
        m_stopped = true; // what follows is another protocol, never parsed as requests
    return static_cast<qsizetype>(parsed);
}

int RequestParser::refuse(int status, const char *code, const QString &message)
{
    if (!m_rejection)
        m_rejection = std::make_unique<Rejection>(Rejection{status, QString::fromLatin1(code), message});
    return -1;
}

bool RequestParser::headTooLarge(size_t more)
{
    m_headBytes += static_cast<qint64>(more);
    if (m_headBytes <= m_limits.maxHeaderBytes)
        return false;
    refuse(431, "headers_too_large",
           QStringLiteral("the request head is larger than %1 bytes").arg(m_limits.maxHeaderBytes));
    return true;
}

int RequestParser::messageBegin()
{
    m_request = HttpRequest{};
    m_url.clear();
    m_field.clear();
    m_value.clear();
    m_inValue = false;
    m_sawHeader = false;
    m_headBytes = 16; // the request line's method, version, spaces and line end
    m_inRequest = true;
    m_inBody = false;
    m_streamed = false;
    m_bodyLeft = 0;
    return 0;
}

int RequestParser::url(const char *at, size_t length)
{
    if (headTooLarge(length))
        return -1;
    m_url.append(at, static_cast<qsizetype>(length));
    return 0;
}

int RequestParser::headerField(const char *at, size_t length)
{
    if (m_inValue)
        endHeader();
    if (m_rejection || headTooLarge(length))
        return -1;
    m_sawHeader = true;
    m_field.append(at, static_cast<qsizetype>(length));
    return 0;
}

int RequestParser::headerValue(const char *at, size_t length)
{
    if (!m_inValue) {
        m_inValue = true;
        m_headBytes += 4; // ": " and the line end
        if (m_field.toLower() == "transfer-encoding")
            return refuse(411, "length_required",
                          QStringLiteral("send a Content-Length; chunked bodies are not "
                                         "accepted"));
    }
    if (headTooLarge(length))
        return -1;
    m_value.append(at, static_cast<qsizetype>(length));
    return 0;
}

void RequestParser::endHeader()
{
    const QByteArray name = m_field.toLower();
    const QByteArray value = m_value.trimmed();
    m_field.clear();
    m_value.clear();
    m_inValue = false;
    if (name == "transfer-encoding") {
        refuse(411, "length_required",
               QStringLiteral("send a Content-Length; chunked bodies are not accepted"));
        return;
    }
    if (name.isEmpty() || hasControlCharacter(name) || hasControlCharacter(value)) {
        refuse(400, "bad_header", QStringLiteral("malformed header line"));
        return;
    }
    m_request.headers.insert(name, value);
}

int RequestParser::headersComplete()
{
    if (m_inValue || !m_field.isEmpty())
        endHeader();
    if (m_rejection)
        return -1;
    if (m_parser->http_major != 1 || hasControlCharacter(m_url) || m_url.isEmpty())
        return refuse(400, "bad_request_line", QStringLiteral("malformed HTTP request line"));
    const qint64 length =
        (m_parser->flags & F_CONTENTLENGTH) ? static_cast<qint64>(m_parser->content_length) : 0;
    if (length > m_limits.maxBodyBytes)
        return refuse(413, "payload_too_large",
                      QStringLiteral("the body is %1 bytes; at most %2 are accepted")
                          .arg(length)
                          .arg(m_limits.maxBodyBytes));
    m_request.method = http_method_str(static_cast<http_method>(m_parser->method));
    const QUrl url = QUrl::fromEncoded(m_url);
    m_request.path = url.path();
    m_request.query = QUrlQuery(url.query());
    m_request.keepAlive = m_request.header("connection").toLower() != "close" && !m_parser->upgrade;
    m_request.contentLength = length;
    m_streamed = m_events.onHead && m_events.onHead(m_request);
    if (!m_streamed)
        m_request.body.reserve(length);
    m_inBody = length > 0;
    m_bodyLeft = length;
    return 0;
}

int RequestParser::body(const char *at, size_t length)
{
    m_bodyLeft -= static_cast<qint64>(length);
    if (m_streamed) {
        if (m_events.onBody)
            m_events.onBody(at, static_cast<qsizetype>(length));
    } else {
        m_request.body.append(at, static_cast<qsizetype>(length));
    }
    return 0;
}

int RequestParser::messageComplete()
{
    m_inRequest = false;
    m_inBody = false;
    m_bodyLeft = 0;
    if (m_events.onComplete)
        m_events.onComplete(std::move(m_request), m_streamed);
    m_request = HttpRequest{};
    return 0;
}

} // namespace outpost
