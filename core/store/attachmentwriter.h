// Encrypts one attachment into the store's attachment directory with libsodium
// crypto_secretstream_xchacha20poly1305, streaming in 64 KiB chunks (bounded memory), and
// computes the sha256 of the plaintext on the way.
//
// File format (version 1):
//   "OUTPOSTA" (8 bytes) | format version (1 byte) | 3 zero bytes | secretstream header (24)
//   | chunks: ciphertext of up to 64 KiB of plaintext + 17 bytes of tag/MAC each
// The last chunk carries TAG_FINAL, so a truncation at a chunk boundary is detected. Every
// chunk is authenticated with additional data = the 12-byte file prefix + the attachment id,
// so a file copied over another attachment's name does not decrypt. Written to a temporary
// file, fsynced and renamed into place.
#pragma once

#include <QIODevice>
#include <QString>
#include <QUuid>

#include "result.h"

namespace outpost {

class SecureBuffer;

struct AttachmentDigest
{
    QString sha256; // plaintext, lower-case hex
    qint64 sizeBytes = 0;
};

class AttachmentWriter
{
public:
    static constexpr int kChunkBytes = 64 * 1024;
    static constexpr char kMagic[9] = "OUTPOSTA";
    static constexpr int kPrefixBytes = 12; // magic + version + reserved
    static constexpr unsigned char kFormatVersion = 1;

    static Result<AttachmentDigest> write(QIODevice &source, const QString &destinationPath,
                                          const QUuid &id, const SecureBuffer &key);
    // prefix + id bytes: the additional data of every chunk.
    static QByteArray additionalData(const QUuid &id);
};

} // namespace outpost
