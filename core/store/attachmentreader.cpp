#include "attachmentreader.h"

#include "attachmentwriter.h"
#include "securebuffer.h"

#include <sodium.h>

namespace outpost {

namespace {

Error tampered(const QString &what)
{
    return Error::permanentError(QStringLiteral("attachment_tampered"),
                                 QStringLiteral("the attachment file is damaged or was tampered "
                                                "with: %1")
                                     .arg(what));
}

} // namespace

struct AttachmentReader::Private
{
    QFile file;
    SecureBuffer state{sizeof(crypto_secretstream_xchacha20poly1305_state)};
    crypto_hash_sha256_state sha;
    QByteArray additionalData;
    QString expectedSha256;
    QByteArray cipher;
    bool failed = false;

    crypto_secretstream_xchacha20poly1305_state *st()
    {
        return reinterpret_cast<crypto_secretstream_xchacha20poly1305_state *>(state.data());
    }
};

AttachmentReader::AttachmentReader() : d(std::make_unique<Private>()) {}

AttachmentReader::~AttachmentReader() = default;

Result<std::unique_ptr<AttachmentReader>> AttachmentReader::open(const QString &path,
                                                                 const QUuid &id,
                                                                 const SecureBuffer &key,
                                                                 const QString &sha256)
{
    std::unique_ptr<AttachmentReader> reader(new AttachmentReader);
    Private &p = *reader->d;
    if (!p.state.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    if (!key.isValid() || key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES)
        return Error::permanentError(QStringLiteral("store_locked"),
                                     QStringLiteral("no attachment key"));
    p.file.setFileName(path);
    if (!p.file.open(QIODevice::ReadOnly))
        return Error::permanentError(QStringLiteral("attachment_not_found"),
                                     QStringLiteral("cannot read the attachment file %1: %2")
                                         .arg(path, p.file.errorString()));
    p.additionalData = AttachmentWriter::additionalData(id);
    const QByteArray prefix = p.file.read(AttachmentWriter::kPrefixBytes);
    if (prefix != p.additionalData.left(AttachmentWriter::kPrefixBytes))
        return tampered(QStringLiteral("unknown file header"));
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    if (p.file.read(reinterpret_cast<char *>(header), sizeof header) != sizeof header)
        return tampered(QStringLiteral("truncated header"));
    if (crypto_secretstream_xchacha20poly1305_init_pull(p.st(), header, key.data()) != 0)
        return tampered(QStringLiteral("bad stream header"));
    crypto_hash_sha256_init(&p.sha);
    p.expectedSha256 = sha256;
    p.cipher.resize(AttachmentWriter::kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES);
    return reader;
}

Result<QByteArray> AttachmentReader::read()
{
    QByteArray plain(kMaxPieceBytes, Qt::Uninitialized);
    auto n = readInto(plain.data());
    if (!n)
        return n.error();
    plain.resize(static_cast<qsizetype>(*n));
    return plain;
}

Result<qint64> AttachmentReader::readInto(char *dest)
{
    static_assert(kMaxPieceBytes == AttachmentWriter::kChunkBytes);
    if (d->failed)
        return tampered(QStringLiteral("an earlier chunk failed"));
    if (m_finished)
        return qint64(0);
    const qint64 n = d->file.read(d->cipher.data(), d->cipher.size());
    if (n < 0) {
        d->failed = true;
        return Error::transientError(QStringLiteral("io_error"), d->file.errorString());
    }
    if (n < crypto_secretstream_xchacha20poly1305_ABYTES) {
        d->failed = true;
        return tampered(QStringLiteral("the file ends before its final chunk (truncated)"));
    }
    unsigned long long plainLen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            d->st(), reinterpret_cast<unsigned char *>(dest), &plainLen, &tag,
            reinterpret_cast<const unsigned char *>(d->cipher.constData()),
            static_cast<unsigned long long>(n),
            reinterpret_cast<const unsigned char *>(d->additionalData.constData()),
            static_cast<unsigned long long>(d->additionalData.size())) != 0) {
        d->failed = true;
        return tampered(
            QStringLiteral("chunk at plaintext offset %1 does not authenticate").arg(m_plainBytes));
    }
    if (!d->expectedSha256.isEmpty()) // no sha256 to check: the chunks' tags only
        crypto_hash_sha256_update(&d->sha, reinterpret_cast<const unsigned char *>(dest), plainLen);
    m_plainBytes += static_cast<qint64>(plainLen);
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        if (!d->file.atEnd()) {
            d->failed = true;
            return tampered(QStringLiteral("data after the final chunk"));
        }
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&d->sha, digest);
        const QString actual = QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
        if (!d->expectedSha256.isEmpty() && actual != d->expectedSha256) {
            d->failed = true;
            return tampered(QStringLiteral("sha256 mismatch"));
        }
        m_finished = true;
    } else if (plainLen != static_cast<unsigned long long>(AttachmentWriter::kChunkBytes)) {
        d->failed = true;
        return tampered(QStringLiteral("short chunk without the final tag"));
    }
    return static_cast<qint64>(plainLen);
}

} // namespace outpost
