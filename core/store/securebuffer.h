// A fixed-size buffer in libsodium secure memory (sodium_malloc: guard pages, mlock'ed,
// never swapped, wiped and freed by sodium_free on destruction). Holds keys and
// passphrases; move-only so a secret never gets copied by accident.
#pragma once

#include <QString>

#include <cstddef>

namespace outpost {

class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t sizeBytes); // zero-filled; check isValid()
    ~SecureBuffer();
    SecureBuffer(SecureBuffer &&other) noexcept;
    SecureBuffer &operator=(SecureBuffer &&other) noexcept;
    SecureBuffer(const SecureBuffer &) = delete;
    SecureBuffer &operator=(const SecureBuffer &) = delete;

    // The passphrase as UTF-8, encoded straight into secure memory (no heap copy).
    static SecureBuffer fromPassphrase(const QString &passphrase);
    static SecureBuffer random(std::size_t sizeBytes);
    SecureBuffer copy() const;

    bool isValid() const { return m_data != nullptr; }
    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    std::size_t size() const { return m_sizeBytes; }
    void resize(std::size_t sizeBytes); // shrink only (keeps the allocation)
    void clear();                       // wipes and frees now

private:
    unsigned char *m_data = nullptr; // owned, sodium_malloc'ed
    std::size_t m_sizeBytes = 0;
};

} // namespace outpost
