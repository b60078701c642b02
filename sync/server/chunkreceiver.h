// Receives one tus PATCH body into an upload's part file: reads the body as it arrives
// (HttpRequest::bodyStream; or request.body when it came whole) in pieces of up to 1 MiB into
// a few reused buffers, writes each at its offset, and feeds the chunk's Upload-Checksum and
// the upload's running sha256 as the bytes pass. A streamed body's pieces are written by a
// thread of its own while the caller's thread reads and hashes the next ones, so the disk's
// time and the hashing overlap instead of adding up. Makes nothing durable and commits nothing:
// TusApi does that (fdatasync, then the offset) once the chunk is whole and matches.
//
// Writes: with directFd (the part file opened O_DIRECT), every piece whose offset and length
// are multiples of 4 KiB goes straight from the buffer to the disk, past the page cache: an
// upload is written once and not read back soon (its digest was taken on the way), and
// copying 8 MiB per chunk into fresh page-cache pages was the server's largest CPU cost per
// uploaded byte (docs/performance.md, "Attachment uploads"). Other pieces (a file's last,
// unaligned tail; bodies that came whole; file systems without O_DIRECT such as tmpfs, or a
// direct write refused with EINVAL) go through the page cache with their write-back started
// at once (sync_file_range), so that the final fdatasync waits for the tail only. Any thread.
#pragma once

#include <QString>

#include <optional>

#include "httprequest.h"
#include "tusheaders.h"

namespace outpost {

class Sha256;

class ChunkReceiver
{
public:
    enum class Outcome
    {
        Written,          // every byte written and the checksum (if any) matched
        ChecksumMismatch, // written, but the bytes do not match Upload-Checksum
        BodyFailed,       // the client went away or stalled (message says which)
        StorageFailed     // a write failed
    };
    struct Result
    {
        Outcome outcome = Outcome::Written;
        QString message;
        qint64 bytes = 0;       // body bytes received
        qint64 directBytes = 0; // of them, written past the page cache
    };

    // fd: the open part file (locked by the caller); directFd: the same file opened with
    // O_DIRECT, or -1; offset: where the body goes; wholeFile: the running digest of bytes
    // [0, offset), fed with the body (null: none is kept); timeoutMs: how long a read waits
    // for the client.
    static Result receive(int fd, int directFd, qint64 offset, const HttpRequest &request,
                          const std::optional<tusheaders::Checksum> &checksum, Sha256 *wholeFile,
                          int timeoutMs);
};

} // namespace outpost
