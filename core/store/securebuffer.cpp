#include "securebuffer.h"

#include <QStringEncoder>

#include <sodium.h>

#include <utility>

namespace outpost {

SecureBuffer::SecureBuffer(std::size_t sizeBytes)
{
    if (sodium_init() < 0)
        return;
    // sodium_malloc(0) is legal but we always want at least one byte to have a valid pointer.
    m_data = static_cast<unsigned char *>(sodium_malloc(sizeBytes > 0 ? sizeBytes : 1));
    if (m_data) {
        sodium_memzero(m_data, sizeBytes > 0 ? sizeBytes : 1);
        m_sizeBytes = sizeBytes;
    }
}

SecureBuffer::~SecureBuffer()
{
    clear();
}

SecureBuffer::SecureBuffer(SecureBuffer &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_sizeBytes(std::exchange(other.m_sizeBytes, 0))
{}

SecureBuffer &SecureBuffer::operator=(SecureBuffer &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_sizeBytes = std::exchange(other.m_sizeBytes, 0);
    }
    return *this;
}

SecureBuffer SecureBuffer::fromPassphrase(const QString &passphrase)
{
    QStringEncoder encoder(QStringEncoder::Utf8);
    SecureBuffer buffer(static_cast<std::size_t>(encoder.requiredSpace(passphrase.size())));
    if (!buffer.isValid())
        return buffer;
    char *end = encoder.appendToBuffer(reinterpret_cast<char *>(buffer.data()), passphrase);
    buffer.resize(static_cast<std::size_t>(end - reinterpret_cast<char *>(buffer.data())));
    return buffer;
}

SecureBuffer SecureBuffer::random(std::size_t sizeBytes)
{
    SecureBuffer buffer(sizeBytes);
    if (buffer.isValid())
        randombytes_buf(buffer.data(), sizeBytes);
    return buffer;
}

SecureBuffer SecureBuffer::copy() const
{
    SecureBuffer buffer(m_sizeBytes);
    if (buffer.isValid() && m_sizeBytes > 0)
        memcpy(buffer.data(), m_data, m_sizeBytes);
    return buffer;
}

void SecureBuffer::resize(std::size_t sizeBytes)
{
    if (sizeBytes < m_sizeBytes) {
        sodium_memzero(m_data + sizeBytes, m_sizeBytes - sizeBytes);
        m_sizeBytes = sizeBytes;
    }
}

void SecureBuffer::clear()
{
    if (m_data) {
        sodium_memzero(m_data, m_sizeBytes);
        sodium_free(m_data); // wipes the whole allocation again and unlocks it
    }
    m_data = nullptr;
    m_sizeBytes = 0;
}

} // namespace outpost
