#include "chunkreceiver.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

#include "bodypipe.h"
#include "sha256.h"

namespace outpost {

namespace {

constexpr qint64 kPieceBytes = 1024 * 1024;
constexpr qint64 kDirectAlignBytes = 4096; // O_DIRECT: buffer, offset and length

struct AlignedFree
{
    void operator()(char *p) const { std::free(p); }
};

// The chunk's Upload-Checksum, computed as its bytes pass.
class ChunkChecksum
{
public:
    explicit ChunkChecksum(const std::optional<tusheaders::Checksum> &expected)
        : m_expected(expected)
    {
        if (m_expected && m_expected->algorithm != QCryptographicHash::Sha256)
            m_other.emplace(m_expected->algorithm);
    }
    void add(const char *data, qint64 sizeBytes)
    {
        if (!m_expected)
            return;
        if (m_other)
            m_other->addData(QByteArrayView(data, sizeBytes));
        else
            m_sha256.addData(data, sizeBytes); // libcrypto: ~5x QCryptographicHash
    }
    bool matches()
    {
        if (!m_expected)
            return true;
        return (m_other ? m_other->result() : m_sha256.result()) == m_expected->digest;
    }

private:
    std::optional<tusheaders::Checksum> m_expected;
    Sha256 m_sha256;
    std::optional<QCryptographicHash> m_other;
};

bool writeAt(int fd, const char *data, qint64 sizeBytes, qint64 offset)
{
    while (sizeBytes > 0) {
        const ssize_t n = ::pwrite(fd, data, static_cast<size_t>(sizeBytes), offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        sizeBytes -= n;
        offset += n;
    }
    return true;
}

bool aligned(qint64 value)
{
    return value % kDirectAlignBytes == 0;
}

} // namespace

ChunkReceiver::Result ChunkReceiver::receive(int fd, int directFd, qint64 offset,
                                             const HttpRequest &request,
                                             const std::optional<tusheaders::Checksum> &checksum,
                                             Sha256 *wholeFile, int timeoutMs)
{
    // One buffer per worker thread, reused by every chunk it receives; aligned for O_DIRECT.
    thread_local std::unique_ptr<char, AlignedFree> buffer(
        static_cast<char *>(std::aligned_alloc(kDirectAlignBytes, kPieceBytes)));
    if (!buffer)
        return {Outcome::StorageFailed, QStringLiteral("out of memory"), 0};
    BodyPipe *stream = request.bodyStream.get();
    const qint64 length = stream ? stream->length() : request.body.size();
    ChunkChecksum sum(checksum);
    Result result;
    while (result.bytes < length) {
        const qint64 want = std::min(kPieceBytes, length - result.bytes);
        const char *piece = request.body.constData() + result.bytes;
        if (stream) {
            qint64 filled = 0;
            while (filled < want) {
                const qint64 n = stream->read(buffer.get() + filled, want - filled, timeoutMs);
                if (n <= 0)
                    return {Outcome::BodyFailed,
                            n < 0 ? stream->error() : QStringLiteral("the body ended early"),
                            result.bytes + filled};
                filled += n;
            }
            piece = buffer.get();
        }
        const qint64 at = offset + result.bytes;
        bool written = false;
        if (directFd >= 0 && stream && aligned(at) && aligned(want)) {
            written = writeAt(directFd, piece, want, at);
            if (written)
                result.directBytes += want;
            else if (errno == EINVAL)
                directFd = -1; // this file system refuses it after all: the page cache
            else
                return {Outcome::StorageFailed, QString::fromLocal8Bit(std::strerror(errno)),
                        result.bytes};
        }
        if (!written) {
            if (!writeAt(fd, piece, want, at))
                return {Outcome::StorageFailed, QString::fromLocal8Bit(std::strerror(errno)),
                        result.bytes};
            // Write-back starts now, so that the final fdatasync waits for the tail only.
            ::sync_file_range(fd, at, want, SYNC_FILE_RANGE_WRITE);
        }
        sum.add(piece, want);
        if (wholeFile)
            wholeFile->addData(piece, want);
        result.bytes += want;
    }
    if (!sum.matches())
        result.outcome = Outcome::ChecksumMismatch;
    return result;
}

} // namespace outpost
