#include "tusheaders.h"

#include <QList>

#include <algorithm>
#include <limits>

namespace outpost::tusheaders {

namespace {

const QByteArray kTusVersion = "1.0.0";

Error invalidHeader(const char *header, const QString &what)
{
    return Error::permanentError(QStringLiteral("invalid_header"),
                                 QStringLiteral("%1: %2").arg(QLatin1String(header), what));
}

Error unsatisfiable()
{
    return Error::permanentError(QStringLiteral("range_not_satisfiable"),
                                 QStringLiteral("Range: one range, bytes=A-B, bytes=A- or "
                                                "bytes=-N, inside the file"));
}

bool isKeyByte(char c)
{
    return c > 0x20 && c < 0x7f && c != ',';
}

} // namespace

Result<qint64> parseCount(const QByteArray &value, const char *header)
{
    if (value.isEmpty())
        return invalidHeader(header, QStringLiteral("a number is required"));
    if (value.size() > 19)
        return invalidHeader(header, QStringLiteral("too many digits"));
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    qint64 n = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return invalidHeader(header, QStringLiteral("only the digits 0-9 are allowed (no "
                                                        "sign, space or other character)"));
        const int digit = c - '0';
        if (n > (max - digit) / 10)
            return invalidHeader(header, QStringLiteral("the number is too large"));
        n = n * 10 + digit;
    }
    return n;
}

Result<qint64> parseUploadOffset(const QByteArray &value)
{
    return parseCount(value, "Upload-Offset");
}

Result<qint64> parseUploadLength(const QByteArray &value)
{
    return parseCount(value, "Upload-Length");
}

Result<QByteArray> decodeBase64(const QByteArray &value, const char *header)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(value, QByteArray::AbortOnBase64DecodingErrors);
    // Qt accepts some non-canonical forms (a lone trailing character, unused bits set);
    // only the canonical encoding of the decoded bytes is taken.
    if (!decoded || (decoded.decoded.toBase64() != value &&
                     decoded.decoded.toBase64(QByteArray::OmitTrailingEquals) != value))
        return invalidHeader(header, QStringLiteral("invalid base64"));
    return decoded.decoded;
}

Result<QMap<QByteArray, QByteArray>> parseUploadMetadata(const QByteArray &value)
{
    QMap<QByteArray, QByteArray> pairs;
    if (value.isEmpty())
        return pairs;
    const QList<QByteArray> items = value.split(',');
    if (items.size() > kMaxMetadataPairs)
        return invalidHeader("Upload-Metadata",
                             QStringLiteral("at most %1 pairs").arg(kMaxMetadataPairs));
    for (const QByteArray &item : items) {
        const QByteArray pair = item.trimmed();
        const qsizetype space = pair.indexOf(' ');
        const QByteArray key = space < 0 ? pair : pair.left(space);
        if (key.isEmpty() || key.size() > kMaxMetadataKeyBytes ||
            !std::all_of(key.begin(), key.end(), isKeyByte))
            return invalidHeader("Upload-Metadata",
                                 QStringLiteral("a key is 1 to %1 visible ASCII characters "
                                                "without ','")
                                     .arg(kMaxMetadataKeyBytes));
        if (pairs.contains(key))
            return invalidHeader(
                "Upload-Metadata",
                QStringLiteral("key \"%1\" appears twice").arg(QString::fromLatin1(key)));
        QByteArray decoded;
        if (space >= 0) {
            auto v = decodeBase64(pair.mid(space + 1), "Upload-Metadata");
            if (!v)
                return invalidHeader("Upload-Metadata",
                                     QStringLiteral("the value of \"%1\" is not base64")
                                         .arg(QString::fromLatin1(key)));
            decoded = *v;
        }
        pairs.insert(key, decoded);
    }
    return pairs;
}

Result<Checksum> parseUploadChecksum(const QByteArray &value)
{
    const qsizetype space = value.indexOf(' ');
    const QByteArray name = space < 0 ? value : value.left(space);
    Checksum checksum;
    qsizetype length = 0;
    if (name == "sha1") {
        checksum.algorithm = ChecksumAlgorithm::Sha1;
        length = 20;
    } else if (name == "sha256") {
        checksum.algorithm = ChecksumAlgorithm::Sha256;
        length = 32;
    } else if (name == "crc32") {
        checksum.algorithm = ChecksumAlgorithm::Crc32;
        length = 4;
    } else {
        return Error::permanentError(
            QStringLiteral("checksum_algorithm"),
            QStringLiteral("Upload-Checksum algorithms: sha1, sha256, crc32"));
    }
    if (space < 0)
        return invalidHeader("Upload-Checksum", QStringLiteral("\"ALGORITHM BASE64-DIGEST\""));
    auto digest = decodeBase64(value.mid(space + 1), "Upload-Checksum");
    if (!digest)
        return digest.error();
    if (digest->size() != length)
        return invalidHeader(
            "Upload-Checksum",
            QStringLiteral("a %1 digest is %2 bytes").arg(QString::fromLatin1(name)).arg(length));
    checksum.digest = *digest;
    return checksum;
}

Status checkTusResumable(const QByteArray &value)
{
    if (value != kTusVersion)
        return Error::permanentError(QStringLiteral("tus_version"),
                                     QStringLiteral("send Tus-Resumable: 1.0.0"));
    return {};
}

Status checkPatchContentType(const QByteArray &value)
{
    if (value.compare("application/offset+octet-stream", Qt::CaseInsensitive) != 0)
        return Error::permanentError(
            QStringLiteral("unsupported_media_type"),
            QStringLiteral("Content-Type must be application/offset+octet-stream"));
    return {};
}

Result<ByteRange> parseRange(const QByteArray &value, qint64 sizeBytes)
{
    if (!value.startsWith("bytes=") || sizeBytes <= 0)
        return unsatisfiable();
    const QByteArray spec = value.mid(6);
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return unsatisfiable();
    const QByteArray from = spec.left(dash);
    const QByteArray to = spec.mid(dash + 1);
    ByteRange range{0, sizeBytes - 1};
    if (from.isEmpty()) { // suffix: the last n bytes
        auto n = parseCount(to, "Range");
        if (!n || *n == 0)
            return unsatisfiable();
        range.first = std::max<qint64>(0, sizeBytes - *n);
        return range;
    }
    auto first = parseCount(from, "Range");
    if (!first || *first >= sizeBytes)
        return unsatisfiable();
    range.first = *first;
    if (!to.isEmpty()) {
        auto last = parseCount(to, "Range");
        if (!last || *last < *first)
            return unsatisfiable();
        range.last = std::min(range.last, *last);
    }
    return range;
}

} // namespace outpost::tusheaders
