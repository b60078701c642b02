// The server's HTTP request framing (sync/server/requestframer.h, owned by the server; not
// edited here): request line, header block limit, Content-Length, Transfer-Encoding and
// Expect, fed as the socket would, in pieces. The first input byte picks the piece size, so
// that a header terminator or a body can straddle two reads. Small limits make the 431 and
// 413 paths reachable.
#include "fuzzcheck.h"
#include "requestframer.h"

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
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    RequestFramer framer(RequestFramer::Limits{512, 4096});
    for (qsizetype pos = 0; pos < bytes.size(); pos += piece) {
        const RequestFramer::Verdict verdict = framer.feed(bytes.mid(pos, piece));
        if (verdict.reject) {
            fuzz::require(verdict.status == 400 || verdict.status == 411 || verdict.status == 413 ||
                              verdict.status == 431,
                          "RequestFramer rejected with an undocumented status");
            break;
        }
        fuzz::require(verdict.continues >= 0, "negative continues");
    }
    return 0;
}
