// Pure parsers of the tus 1.0.0 request headers and of Range (no I/O; Qt Core only), used by
// TusApi and fuzzed by fuzz/fuzz_tusheaders.cpp. The rules are strict on purpose:
//   - a number is 1 to 19 ASCII digits and at most INT64_MAX: no sign, no "+", no spaces,
//     no hex, no exponent;
//   - base64 is the standard alphabet, decoded with AbortOnBase64DecodingErrors, and must be
//     the canonical encoding of what it decodes to (padding optional): "YQ=", "Y", "YR==",
//     spaces and '-' / '_' are refused;
//   - Upload-Metadata is "key[ value][,key[ value]]...": spaces around the commas are allowed,
//     keys are 1 to 64 visible ASCII characters without ',', at most 32 pairs, none twice.
// Errors are Error values whose code picks the HTTP status (HttpResponse::statusForError):
// invalid_header (400, the message names the header), checksum_algorithm (400), tus_version
// (412), unsupported_media_type (415), range_not_satisfiable (416).
#pragma once

#include <QByteArray>
#include <QMap>

#include "result.h"

namespace outpost::tusheaders {

inline constexpr qsizetype kMaxMetadataPairs = 32;
inline constexpr qsizetype kMaxMetadataKeyBytes = 64;

enum class ChecksumAlgorithm
{
    Sha1,
    Sha256,
    Crc32 // zlib's CRC-32, the digest big-endian
};

struct Checksum
{
    ChecksumAlgorithm algorithm = ChecksumAlgorithm::Sha256;
    QByteArray digest; // raw bytes (20 for sha1, 32 for sha256, 4 for crc32)
};

// What OPTIONS advertises in Tus-Checksum-Algorithm.
inline constexpr char kChecksumAlgorithms[] = "sha1,sha256,crc32";

struct ByteRange
{
    qint64 first = 0;
    qint64 last = 0; // inclusive
};

// A non-negative decimal integer as tus and HTTP write it; header names the header.
Result<qint64> parseCount(const QByteArray &value, const char *header);
Result<qint64> parseUploadOffset(const QByteArray &value);
Result<qint64> parseUploadLength(const QByteArray &value);
// key -> decoded value (empty when the pair has no value). An empty header is an empty map.
Result<QMap<QByteArray, QByteArray>> parseUploadMetadata(const QByteArray &value);
// "sha1 <base64>", "sha256 <base64>" or "crc32 <base64>" of exactly the algorithm's digest
// length.
Result<Checksum> parseUploadChecksum(const QByteArray &value);
// Strict base64 (see above); header names the header in the error.
Result<QByteArray> decodeBase64(const QByteArray &value, const char *header);
// Exactly "1.0.0".
Status checkTusResumable(const QByteArray &value);
// application/offset+octet-stream (case-insensitive, no parameters).
Status checkPatchContentType(const QByteArray &value);
// One range of a file of sizeBytes: "bytes=a-b", "bytes=a-" or "bytes=-n" (the last n
// bytes); b is clamped to the end. Anything else, or nothing of the file, is
// range_not_satisfiable.
Result<ByteRange> parseRange(const QByteArray &value, qint64 sizeBytes);

} // namespace outpost::tusheaders
