// SHA-256 of large data (attachments) through OpenSSL's libcrypto EVP interface, which uses
// the CPU's SHA extensions where present. Streaming (addData ... result) or one shot (hash).
// A value of this class is used from one thread at a time.
#pragma once

#include <QByteArray>
#include <QIODevice>

#include <memory>

namespace outpost {

class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(const char *data, qint64 sizeBytes);
    void addData(const QByteArray &data) { addData(data.constData(), data.size()); }
    // Reads device to its end in 1 MiB pieces; false on a read error.
    bool addData(QIODevice &device);
    QByteArray result(); // the 32-byte digest; the object can then be used again from empty
    // A copy of the state so far (to go back to it when later data is refused).
    std::unique_ptr<Sha256> clone() const;

    static QByteArray hash(const QByteArray &data);

private:
    struct Context;
    Context *m_context; // owned
};

} // namespace outpost
