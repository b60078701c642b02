#include "crc32.h"

#include <QtEndian>

#include <zlib.h>

namespace outpost {

void Crc32::addData(const char *data, qint64 sizeBytes)
{
    if (sizeBytes > 0)
        m_crc = crc32_z(m_crc, reinterpret_cast<const Bytef *>(data),
                        static_cast<z_size_t>(sizeBytes));
}

QByteArray Crc32::result() const
{
    QByteArray digest(4, Qt::Uninitialized);
    qToBigEndian(static_cast<quint32>(m_crc), digest.data());
    return digest;
}

QByteArray Crc32::hash(const QByteArray &data)
{
    Crc32 crc;
    crc.addData(data);
    return crc.result();
}

} // namespace outpost
