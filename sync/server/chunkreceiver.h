// Receives one tus PATCH body into an upload's part file: reads the body as it arrives
// (HttpRequest::bodyStream; or request.body when it came whole) in pieces of up to 1 MiB into
// one reused buffer, writes each at its offset and starts its write-back at once
// (sync_file_range), and feeds the chunk's Upload-Checksum and the upload's running sha256 as
// the bytes pass. Makes nothing durable and commits nothing: TusApi does that once the chunk
// is whole and matches. Any thread.
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
        qint64 bytes = 0; // body bytes received
    };

    // fd: the open part file (locked by the caller); offset: where the body goes; wholeFile:
    // the running digest of bytes [0, offset), fed with the body (null: none is kept);
    // timeoutMs: how long a read waits for the client.
    static Result receive(int fd, qint64 offset, const HttpRequest &request,
                          const std::optional<tusheaders::Checksum> &checksum, Sha256 *wholeFile,
                          int timeoutMs);
};

} // namespace outpost
