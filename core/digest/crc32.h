// CRC-32 (ISO-HDLC, as zlib, gzip and PNG compute it) through zlib, for the tus chunk checksum
// (Upload-Checksum: crc32): a transfer-damage check on each chunk, about 3x cheaper than
// SHA-256 here (docs/performance.md, "Attachment uploads"). The whole file's integrity is the
// server's SHA-256 against the digest its record declared, not this. A value of this class is
// used from one thread at a time.
#pragma once

#include <QByteArray>

namespace outpost {

class Crc32
{
public:
    void addData(const char *data, qint64 sizeBytes);
    void addData(const QByteArray &data) { addData(data.constData(), data.size()); }
    // The 4-byte digest, big-endian (the byte order tus clients send it in).
    QByteArray result() const;

    static QByteArray hash(const QByteArray &data);

private:
    unsigned long m_crc = 0;
};

} // namespace outpost
