#include "chunkreceiver.h"

#include <QCryptographicHash>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "bodypipe.h"
#include "crc32.h"
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
    }
    void add(const char *data, qint64 sizeBytes)
    {
        if (!m_expected)
            return;
        switch (m_expected->algorithm) {
        case tusheaders::ChecksumAlgorithm::Crc32:
            m_crc32.addData(data, sizeBytes);
            break;
        case tusheaders::ChecksumAlgorithm::Sha256:
            m_sha256.addData(data, sizeBytes); // libcrypto: ~5x QCryptographicHash
            break;
        case tusheaders::ChecksumAlgorithm::Sha1:
            m_sha1.addData(QByteArrayView(data, sizeBytes));
            break;
        }
    }
    bool matches()
    {
        if (!m_expected)
            return true;
        switch (m_expected->algorithm) {
        case tusheaders::ChecksumAlgorithm::Crc32:
            return m_crc32.result() == m_expected->digest;
        case tusheaders::ChecksumAlgorithm::Sha256:
            return m_sha256.result() == m_expected->digest;
        case tusheaders::ChecksumAlgorithm::Sha1:
            return m_sha1.result() == m_expected->digest;
        }
        return false;
    }

private:
    std::optional<tusheaders::Checksum> m_expected;
    Crc32 m_crc32;
    Sha256 m_sha256;
    QCryptographicHash m_sha1{QCryptographicHash::Sha1};
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

// Through the page cache, with write-back started at once, so that the final fdatasync
// waits for the tail only.
bool writeThroughCache(int fd, const char *data, qint64 sizeBytes, qint64 offset)
{
    if (!writeAt(fd, data, sizeBytes, offset))
        return false;
    ::sync_file_range(fd, offset, sizeBytes, SYNC_FILE_RANGE_WRITE);
    return true;
}

bool aligned(qint64 value)
{
    return value % kDirectAlignBytes == 0;
}

// Writes a streamed chunk's pieces on a thread of its own, so that the disk's time (an
// O_DIRECT write returns only once the device has the bytes) overlaps the worker reading and
// hashing the next piece instead of adding to it. Pieces are handed over in slots of one
// aligned buffer each; the worker waits only when every slot is still being written.
class WriteBehind
{
public:
    static constexpr int kSlots = 3;

    WriteBehind(int fd, int directFd) : m_fd(fd), m_directFd(directFd)
    {
        m_thread = std::thread([this] { run(); });
    }
    ~WriteBehind() { finish(); }
    WriteBehind(const WriteBehind &) = delete;
    WriteBehind &operator=(const WriteBehind &) = delete;

    // Blocks until `slot` is free again (its last piece written); false once a write failed.
    bool waitFree(int slot)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_busy[slot] || m_failed; });
        return !m_failed;
    }
    void submit(int slot, const char *data, qint64 sizeBytes, qint64 at)
    {
        {
            std::lock_guard lock(m_mutex);
            m_busy[slot] = true;
            m_queue.push_back({slot, data, sizeBytes, at});
        }
        m_changed.notify_all();
    }
    // Waits for every submitted piece; the first failure's message, or none.
    std::optional<QString> finish()
    {
        if (m_thread.joinable()) {
            {
                std::lock_guard lock(m_mutex);
                m_stopping = true;
            }
            m_changed.notify_all();
            m_thread.join();
        }
        if (m_failed)
            return m_error;
        return std::nullopt;
    }
    qint64 directBytes() const { return m_directBytes; }

private:
    struct Piece
    {
        int slot;
        const char *data;
        qint64 sizeBytes;
        qint64 at;
    };

    void run()
    {
        for (;;) {
            Piece piece;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
                if (m_queue.empty())
                    return;
                piece = m_queue.front();
                m_queue.pop_front();
            }
            const std::optional<QString> error = write(piece);
            {
                std::lock_guard lock(m_mutex);
                m_busy[piece.slot] = false;
                if (error && !m_failed) {
                    m_failed = true;
                    m_error = *error;
                }
            }
            m_changed.notify_all();
        }
    }

    std::optional<QString> write(const Piece &piece)
    {
        if (m_failed)
            return std::nullopt; // nothing more is written after a failure
        if (m_directFd >= 0 && aligned(piece.at) && aligned(piece.sizeBytes)) {
            if (writeAt(m_directFd, piece.data, piece.sizeBytes, piece.at)) {
                m_directBytes += piece.sizeBytes;
                return std::nullopt;
            }
            if (errno != EINVAL)
                return QString::fromLocal8Bit(std::strerror(errno));
            m_directFd = -1; // this file system refuses it after all: the page cache
        }
        if (!writeThroughCache(m_fd, piece.data, piece.sizeBytes, piece.at))
            return QString::fromLocal8Bit(std::strerror(errno));
        return std::nullopt;
    }

    const int m_fd;
    int m_directFd; // the writer thread's only
    std::atomic<qint64> m_directBytes = 0;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Piece> m_queue;
    std::array<bool, kSlots> m_busy{};
    bool m_stopping = false;
    std::atomic<bool> m_failed = false;
    QString m_error;
    std::thread m_thread;
};

// One set of aligned piece buffers per worker thread, reused by every chunk it receives.
char *pieceBuffer(int slot)
{
    thread_local std::array<std::unique_ptr<char, AlignedFree>, WriteBehind::kSlots> buffers;
    auto &buffer = buffers[static_cast<size_t>(slot)];
    if (!buffer)
        buffer.reset(static_cast<char *>(std::aligned_alloc(kDirectAlignBytes, kPieceBytes)));
    return buffer.get();
}

// A body that came whole: written from where it lies, on this thread.
ChunkReceiver::Result receiveWhole(int fd, qint64 offset, const QByteArray &body,
                                   ChunkChecksum &sum, Sha256 *wholeFile)
{
    ChunkReceiver::Result result;
    if (!writeThroughCache(fd, body.constData(), body.size(), offset))
        return {ChunkReceiver::Outcome::StorageFailed, QString::fromLocal8Bit(std::strerror(errno)),
                0};
    sum.add(body.constData(), body.size());
    if (wholeFile)
        wholeFile->addData(body.constData(), body.size());
    result.bytes = body.size();
    return result;
}

} // namespace

ChunkReceiver::Result ChunkReceiver::receive(int fd, int directFd, qint64 offset,
                                             const HttpRequest &request,
                                             const std::optional<tusheaders::Checksum> &checksum,
                                             Sha256 *wholeFile, int timeoutMs)
{
    ChunkChecksum sum(checksum);
    BodyPipe *stream = request.bodyStream.get();
    if (!stream) {
        Result result = receiveWhole(fd, offset, request.body, sum, wholeFile);
        if (result.outcome == Outcome::Written && !sum.matches())
            result.outcome = Outcome::ChecksumMismatch;
        return result;
    }
    for (int slot = 0; slot < WriteBehind::kSlots; ++slot)
        if (!pieceBuffer(slot))
            return {Outcome::StorageFailed, QStringLiteral("out of memory"), 0};
    const qint64 length = stream->length();
    Result result;
    WriteBehind writer(fd, directFd);
    // What a failure leaves: the pieces already handed over are written (or failed) before
    // the result says anything, so that the caller never releases the file under a write.
    auto stop = [&](Outcome outcome, const QString &message, qint64 bytes) {
        const std::optional<QString> writeError = writer.finish();
        result.directBytes = writer.directBytes();
        if (writeError)
            return Result{Outcome::StorageFailed, *writeError, bytes, result.directBytes};
        return Result{outcome, message, bytes, result.directBytes};
    };
    for (int slot = 0; result.bytes < length; slot = (slot + 1) % WriteBehind::kSlots) {
        if (!writer.waitFree(slot))
            return stop(Outcome::StorageFailed, QString(), result.bytes);
        char *buffer = pieceBuffer(slot);
        const qint64 want = std::min(kPieceBytes, length - result.bytes);
        qint64 filled = 0;
        while (filled < want) {
            const qint64 n = stream->read(buffer + filled, want - filled, timeoutMs);
            if (n <= 0)
                return stop(Outcome::BodyFailed,
                            n < 0 ? stream->error() : QStringLiteral("the body ended early"),
                            result.bytes + filled);
            filled += n;
        }
        writer.submit(slot, buffer, want, offset + result.bytes);
        sum.add(buffer, want);
        if (wholeFile)
            wholeFile->addData(buffer, want);
        result.bytes += want;
    }
    Result done = stop(Outcome::Written, QString(), result.bytes);
    if (done.outcome == Outcome::Written && !sum.matches())
        done.outcome = Outcome::ChecksumMismatch;
    return done;
}

} // namespace outpost
