#include "attachmentwriter.h"

#include "securebuffer.h"
#include "storelogging.h"

#include <QSaveFile>

#include <sodium.h>

namespace outpost {

namespace {

Error ioError(const QString &what)
{
    return Error::transientError(QStringLiteral("io_error"), what);
}

} // namespace

QByteArray AttachmentWriter::additionalData(const QUuid &id)
{
    QByteArray ad(kMagic, 8);
    ad.append(static_cast<char>(kFormatVersion));
    ad.append(3, '\0');
    ad.append(id.toRfc4122());
    return ad;
}

Result<AttachmentDigest> AttachmentWriter::write(QIODevice &source, const QString &destinationPath,
                                                 const QUuid &id, const SecureBuffer &key)
{
    if (!key.isValid() || key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES)
        return Error::permanentError(QStringLiteral("store_locked"),
                                     QStringLiteral("no attachment key"));
    QSaveFile out(destinationPath);
    if (!out.open(QIODevice::WriteOnly))
        return ioError(
            QStringLiteral("cannot write %1: %2").arg(destinationPath, out.errorString()));

    SecureBuffer state(sizeof(crypto_secretstream_xchacha20poly1305_state));
    if (!state.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    auto *st = reinterpret_cast<crypto_secretstream_xchacha20poly1305_state *>(state.data());
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(st, header, key.data());

    const QByteArray ad = additionalData(id);
    out.write(ad.constData(), kPrefixBytes);
    out.write(reinterpret_cast<const char *>(header), sizeof header);

    crypto_hash_sha256_state sha;
    crypto_hash_sha256_init(&sha);
    QByteArray plain(kChunkBytes, Qt::Uninitialized);
    QByteArray next(kChunkBytes, Qt::Uninitialized);
    QByteArray cipher(kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES,
                      Qt::Uninitialized);
    qint64 total = 0;

    // Read one chunk ahead so that the last chunk (possibly empty) gets TAG_FINAL.
    auto readChunk = [&source](QByteArray &buffer) -> qint64 {
        qint64 filled = 0;
        while (filled < kChunkBytes) {
            const qint64 n = source.read(buffer.data() + filled, kChunkBytes - filled);
            if (n < 0)
                return -1;
            if (n == 0 && (source.atEnd() || !source.waitForReadyRead(30000)))
                break;
            filled += n;
        }
        return filled;
    };
    qint64 plainLen = readChunk(plain);
    for (;;) {
        if (plainLen < 0)
            return ioError(
                QStringLiteral("cannot read the attachment source: %1").arg(source.errorString()));
        const qint64 nextLen = plainLen == kChunkBytes ? readChunk(next) : 0;
        if (nextLen < 0)
            return ioError(
                QStringLiteral("cannot read the attachment source: %1").arg(source.errorString()));
        const bool last = nextLen == 0;
        crypto_hash_sha256_update(&sha, reinterpret_cast<const unsigned char *>(plain.constData()),
                                  static_cast<unsigned long long>(plainLen));
        unsigned long long cipherLen = 0;
        crypto_secretstream_xchacha20poly1305_push(
            st, reinterpret_cast<unsigned char *>(cipher.data()), &cipherLen,
            reinterpret_cast<const unsigned char *>(plain.constData()),
            static_cast<unsigned long long>(plainLen),
            reinterpret_cast<const unsigned char *>(ad.constData()),
            static_cast<unsigned long long>(ad.size()),
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                 : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        if (out.write(cipher.constData(), static_cast<qint64>(cipherLen)) !=
            static_cast<qint64>(cipherLen))
            return ioError(
                QStringLiteral("cannot write %1: %2").arg(destinationPath, out.errorString()));
        total += plainLen;
        if (last)
            break;
        std::swap(plain, next);
        plainLen = nextLen;
    }
    sodium_memzero(plain.data(), plain.size());
    sodium_memzero(next.data(), next.size());

    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&sha, digest);
    if (!out.commit()) // fsync + rename
        return ioError(
            QStringLiteral("cannot write %1: %2").arg(destinationPath, out.errorString()));
    AttachmentDigest result;
    result.sha256 = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
    result.sizeBytes = total;
    return result;
}

} // namespace outpost
