#include "attachmentstreamwriter.h"

#include "attachmentreader.h"
#include "attachmentwriter.h"
#include "securebuffer.h"
#include "storelogging.h"

#include <QFileInfo>

#include <sodium.h>
#include <unistd.h>

namespace outpost {

namespace {

Error ioError(const QString &what)
{
    return Error::transientError(QStringLiteral("io_error"), what);
}

} // namespace

struct AttachmentStreamWriter::Private
{
    QFile file;
    SecureBuffer state{sizeof(crypto_secretstream_xchacha20poly1305_state)};
    crypto_hash_sha256_state sha;
    QByteArray additionalData;
    QByteArray cipher;

    crypto_secretstream_xchacha20poly1305_state *st()
    {
        return reinterpret_cast<crypto_secretstream_xchacha20poly1305_state *>(state.data());
    }
};

AttachmentStreamWriter::AttachmentStreamWriter() : d(std::make_unique<Private>()) {}

AttachmentStreamWriter::~AttachmentStreamWriter()
{
    if (!m_buffer.isEmpty())
        sodium_memzero(m_buffer.data(), static_cast<size_t>(m_buffer.size()));
}

Result<std::unique_ptr<AttachmentStreamWriter>>
AttachmentStreamWriter::create(const QString &partPath, const QUuid &id, const SecureBuffer &key)
{
    if (!key.isValid() || key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES)
        return Error::permanentError(QStringLiteral("store_locked"),
                                     QStringLiteral("no attachment key"));
    std::unique_ptr<AttachmentStreamWriter> writer(new AttachmentStreamWriter);
    Private &p = *writer->d;
    if (!p.state.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    p.file.setFileName(partPath);
    if (!p.file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return ioError(QStringLiteral("cannot write %1: %2").arg(partPath, p.file.errorString()));
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(p.st(), header, key.data());
    p.additionalData = AttachmentWriter::additionalData(id);
    p.cipher.resize(AttachmentWriter::kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES);
    crypto_hash_sha256_init(&p.sha);
    if (p.file.write(p.additionalData.constData(), AttachmentWriter::kPrefixBytes) !=
            AttachmentWriter::kPrefixBytes ||
        p.file.write(reinterpret_cast<const char *>(header), sizeof header) != sizeof header)
        return ioError(QStringLiteral("cannot write %1: %2").arg(partPath, p.file.errorString()));
    writer->m_buffer.reserve(AttachmentWriter::kChunkBytes);
    return writer;
}

Result<std::unique_ptr<AttachmentStreamWriter>>
AttachmentStreamWriter::resume(const QString &partPath, const QUuid &id, const SecureBuffer &key)
{
    const QString freshPath = partPath + QStringLiteral(".new");
    auto writer = create(freshPath, id, key);
    if (!writer)
        return writer;
    if (QFileInfo::exists(partPath)) {
        // Complete chunks only: the reader stops with an error at the cut (no final chunk).
        if (auto reader = AttachmentReader::open(partPath, id, key, QString())) {
            for (;;) {
                auto piece = (*reader)->read();
                if (!piece || piece->size() != AttachmentWriter::kChunkBytes)
                    break;
                if (Status s = (*writer)->append(*piece); !s)
                    return s.error();
            }
        }
    }
    if (!(*writer)->m_buffer.isEmpty())
        return Error::permanentError(QStringLiteral("internal"),
                                     QStringLiteral("a resumed chunk was not whole"));
    if (Status s = (*writer)->sync(); !s)
        return s.error();
    QFile &file = (*writer)->d->file;
    file.close();
    QFile::remove(partPath);
    if (!QFile::rename(freshPath, partPath))
        return ioError(QStringLiteral("cannot rename %1").arg(freshPath));
    file.setFileName(partPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return ioError(QStringLiteral("cannot write %1: %2").arg(partPath, file.errorString()));
    return writer;
}

Status AttachmentStreamWriter::pushChunk(const char *data, qint64 size, bool final)
{
    crypto_hash_sha256_update(&d->sha, reinterpret_cast<const unsigned char *>(data),
                              static_cast<unsigned long long>(size));
    unsigned long long cipherLen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        d->st(), reinterpret_cast<unsigned char *>(d->cipher.data()), &cipherLen,
        reinterpret_cast<const unsigned char *>(data), static_cast<unsigned long long>(size),
        reinterpret_cast<const unsigned char *>(d->additionalData.constData()),
        static_cast<unsigned long long>(d->additionalData.size()),
        final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    if (d->file.write(d->cipher.constData(), static_cast<qint64>(cipherLen)) !=
        static_cast<qint64>(cipherLen))
        return ioError(
            QStringLiteral("cannot write %1: %2").arg(d->file.fileName(), d->file.errorString()));
    m_written += size;
    return {};
}

Status AttachmentStreamWriter::append(const QByteArray &plaintext)
{
    constexpr qint64 chunk = AttachmentWriter::kChunkBytes;
    const char *data = plaintext.constData();
    qint64 left = plaintext.size();
    while (left > 0) {
        if (m_buffer.isEmpty() && left >= chunk) { // whole chunks straight from the input
            if (Status s = pushChunk(data, chunk, false); !s)
                return s;
            data += chunk;
            left -= chunk;
            continue;
        }
        const qint64 take = std::min<qint64>(left, chunk - m_buffer.size());
        m_buffer.append(data, static_cast<qsizetype>(take));
        data += take;
        left -= take;
        if (m_buffer.size() == chunk) {
            if (Status s = pushChunk(m_buffer.constData(), chunk, false); !s)
                return s;
            sodium_memzero(m_buffer.data(), static_cast<size_t>(m_buffer.size()));
            m_buffer.clear();
        }
    }
    return {};
}

Status AttachmentStreamWriter::sync()
{
    if (!d->file.flush())
        return ioError(
            QStringLiteral("cannot write %1: %2").arg(d->file.fileName(), d->file.errorString()));
    return {};
}

Status AttachmentStreamWriter::finish(const QString &finalPath, qint64 expectedSizeBytes,
                                      const QString &expectedSha256)
{
    if (Status s = pushChunk(m_buffer.constData(), m_buffer.size(), true); !s)
        return s;
    sodium_memzero(m_buffer.data(), static_cast<size_t>(m_buffer.size()));
    m_buffer.clear();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&d->sha, digest);
    const QString actual = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
    const QString partPath = d->file.fileName();
    if (actual != expectedSha256 || m_written != expectedSizeBytes) {
        d->file.close();
        QFile::remove(partPath);
        return Error::permanentError(QStringLiteral("attachment_tampered"),
                                     QStringLiteral("the downloaded file does not match its "
                                                    "record (%1 bytes, sha256 %2)")
                                         .arg(m_written)
                                         .arg(actual.left(12)));
    }
    if (!d->file.flush() || fsync(d->file.handle()) != 0)
        return ioError(QStringLiteral("cannot write %1: %2").arg(partPath, d->file.errorString()));
    d->file.close();
    QFile::remove(finalPath);
    if (!QFile::rename(partPath, finalPath))
        return ioError(QStringLiteral("cannot move %1 into place").arg(partPath));
    return {};
}

} // namespace outpost
