// The tus header parsers of the server (sync/server/tusheaders.cpp, compiled unchanged):
// Upload-Offset / Upload-Length, Upload-Metadata, Upload-Checksum, Tus-Resumable, Content-Type
// and Range. The first input byte picks the parser (and, for Range, a file size); the rest is
// the header value. Properties: no sanitizer report; what a parser accepts is what its rules
// say (a number prints back to the same digits, a metadata value re-encodes to the base64 it
// came from, a digest has its algorithm's length and is the algorithm the header names, a
// range lies inside the file).
#include <QByteArray>

#include "fuzzcheck.h"
#include "tusheaders.h"

using namespace outpost;

namespace {

void checkCount(const QByteArray &value)
{
    const auto parsed = tusheaders::parseUploadOffset(value);
    const auto length = tusheaders::parseUploadLength(value);
    fuzz::require(parsed.ok() == length.ok(), "Upload-Offset and Upload-Length disagree");
    if (!parsed)
        return;
    fuzz::require(*parsed >= 0, "a negative count was accepted");
    QByteArray digits = value;
    while (digits.size() > 1 && digits.startsWith('0'))
        digits.remove(0, 1);
    fuzz::require(QByteArray::number(*parsed) == digits, "a count does not print back");
}

void checkMetadata(const QByteArray &value)
{
    const auto parsed = tusheaders::parseUploadMetadata(value);
    if (!parsed)
        return;
    fuzz::require(parsed->size() <= tusheaders::kMaxMetadataPairs, "too many pairs accepted");
    for (auto it = parsed->begin(); it != parsed->end(); ++it) {
        fuzz::require(!it.key().isEmpty() && !it.key().contains(' ') && !it.key().contains(','),
                      "a malformed key was accepted");
        fuzz::require(it.key().size() <= tusheaders::kMaxMetadataKeyBytes, "a long key");
        const QByteArray b64 = it.value().toBase64();
        fuzz::require(value.contains(it.key()) &&
                          (it.value().isEmpty() || value.contains(b64) ||
                           value.contains(it.value().toBase64(QByteArray::OmitTrailingEquals))),
                      "a decoded value is not in the header");
    }
}

void checkChecksum(const QByteArray &value)
{
    const auto parsed = tusheaders::parseUploadChecksum(value);
    if (!parsed)
        return;
    qsizetype expected = 0;
    QByteArray name;
    switch (parsed->algorithm) {
    case tusheaders::ChecksumAlgorithm::Sha1:
        expected = 20;
        name = "sha1 ";
        break;
    case tusheaders::ChecksumAlgorithm::Sha256:
        expected = 32;
        name = "sha256 ";
        break;
    case tusheaders::ChecksumAlgorithm::Crc32:
        expected = 4;
        name = "crc32 ";
        break;
    }
    fuzz::require(parsed->digest.size() == expected, "a digest of the wrong length");
    fuzz::require(value.startsWith(name), "an algorithm the header does not name");
}

void checkRange(const QByteArray &value, qint64 sizeBytes)
{
    const auto parsed = tusheaders::parseRange(value, sizeBytes);
    if (!parsed)
        return;
    fuzz::require(parsed->first >= 0 && parsed->first <= parsed->last && parsed->last < sizeBytes,
                  "a range outside the file");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t selector = data[0];
    const QByteArray value(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (selector % 6) {
    case 0:
        checkCount(value);
        break;
    case 1:
        checkMetadata(value);
        break;
    case 2:
        checkChecksum(value);
        break;
    case 3:
        (void)tusheaders::checkTusResumable(value);
        (void)tusheaders::checkPatchContentType(value);
        break;
    case 4: {
        // File sizes from 1 byte to past 2^62, so clamping and overflow paths are reachable.
        const qint64 sizes[] = {1, 2, 1000, 1 << 20, qint64(1) << 40, qint64(1) << 62};
        checkRange(value, sizes[(selector / 6) % 6]);
        break;
    }
    default: {
        const auto decoded = tusheaders::decodeBase64(value, "fuzz");
        if (decoded)
            fuzz::require(decoded->toBase64() == value ||
                              decoded->toBase64(QByteArray::OmitTrailingEquals) == value,
                          "non-canonical base64 accepted");
        break;
    }
    }
    return 0;
}
