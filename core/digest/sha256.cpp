#include "sha256.h"

#include <openssl/evp.h>

namespace outpost {

struct Sha256::Context
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
};

Sha256::Sha256() : m_context(new Context)
{
    EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr);
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_context->ctx);
    delete m_context;
}

void Sha256::addData(const char *data, qint64 sizeBytes)
{
    if (sizeBytes > 0)
        EVP_DigestUpdate(m_context->ctx, data, static_cast<size_t>(sizeBytes));
}

bool Sha256::addData(QIODevice &device)
{
    QByteArray buffer(1024 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 n = device.read(buffer.data(), buffer.size());
        if (n < 0)
            return false;
        if (n == 0)
            return device.atEnd();
        addData(buffer.constData(), n);
    }
}

QByteArray Sha256::result()
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int size = 0;
    EVP_DigestFinal_ex(m_context->ctx, reinterpret_cast<unsigned char *>(digest.data()), &size);
    EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr);
    digest.resize(static_cast<qsizetype>(size));
    return digest;
}

std::unique_ptr<Sha256> Sha256::clone() const
{
    auto copy = std::make_unique<Sha256>();
    EVP_MD_CTX_copy_ex(copy->m_context->ctx, m_context->ctx);
    return copy;
}

QByteArray Sha256::hash(const QByteArray &data)
{
    Sha256 sha;
    sha.addData(data);
    return sha.result();
}

} // namespace outpost
