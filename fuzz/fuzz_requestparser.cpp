// The server's HTTP request parsing (sync/server/requestparser.h: Debian's http-parser plus
// our limits; owned by the server, not edited here), fed as the socket would, in pieces. The
// first input byte picks the piece size (so that a header terminator or a body can straddle
// two reads) and whether bodies are streamed or collected. Small limits make the 431 and 413
// paths reachable.
#include "fuzzcheck.h"
#include "requestparser.h"

using namespace outpost;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = qsizetype(data[0] % 64) + 1;
    const bool stream = (data[0] & 64) != 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    qint64 declared = 0;
    qint64 streamedBytes = 0;
    RequestParser::Events events;
    events.onHead = [&](HttpRequest &head) {
        fuzz::require(head.contentLength >= 0 && head.contentLength <= 4096,
                      "a head declared a body over the limit");
        fuzz::require(!head.method.isEmpty(), "a head without a method");
        declared = head.contentLength;
        streamedBytes = 0;
        return stream;
    };
    events.onBody = [&](const char *, qsizetype n) {
        fuzz::require(stream, "body pieces of a collected body");
        streamedBytes += n;
        fuzz::require(streamedBytes <= declared, "more body than Content-Length");
    };
    events.onComplete = [&](HttpRequest &&request, bool streamed) {
        fuzz::require(streamed == stream, "streamed flag differs from onHead's answer");
        const qint64 got = streamed ? streamedBytes : request.body.size();
        fuzz::require(got == declared, "a complete request's body differs from Content-Length");
    };
    RequestParser parser(RequestParser::Limits{512, 4096}, events);
    for (qsizetype pos = 0; pos < bytes.size(); pos += piece) {
        const qsizetype n = std::min(piece, bytes.size() - pos);
        const qsizetype used = parser.feed(bytes.constData() + pos, n);
        fuzz::require(used >= 0 && used <= n, "consumed more than it was given");
        if (const RequestParser::Rejection *rejection = parser.rejection()) {
            fuzz::require(rejection->status == 400 || rejection->status == 411 ||
                              rejection->status == 413 || rejection->status == 431,
                          "RequestParser rejected with an undocumented status");
            fuzz::require(parser.feed(bytes.constData(), bytes.size()) == 0,
                          "parsed on after a rejection");
            break;
        }
        if (parser.stopped())
            break;
        fuzz::require(used == n, "stopped consuming without a rejection");
    }
    return 0;
}
