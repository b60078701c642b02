#include "timeuuid.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <array>

namespace outpost {

QUuid timeOrderedUuid()
{
    return timeOrderedUuid(QDateTime::currentMSecsSinceEpoch());
}

QUuid timeOrderedUuid(qint64 unixMs)
{
    std::array<quint32, 3> random{};
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    const auto ms = static_cast<quint64>(unixMs) & 0xFFFFFFFFFFFFull;
    // unix_ts_ms (48) | ver (4) = 7 | rand_a (12) | var (2) = 0b10 | rand_b (62)
    const auto l = static_cast<uint>(ms >> 16);
    const auto w1 = static_cast<ushort>(ms & 0xFFFF);
    const auto w2 = static_cast<ushort>(0x7000 | (random[0] & 0x0FFF));
    std::array<uchar, 8> b{};
    const quint64 tail = (static_cast<quint64>(random[1]) << 32) | random[2];
    for (int i = 0; i < 8; ++i)
        b[static_cast<size_t>(i)] = static_cast<uchar>(tail >> (56 - 8 * i));
    b[0] = static_cast<uchar>(0x80 | (b[0] & 0x3F));
    return QUuid(l, w1, w2, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
}

} // namespace outpost
