#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace outpost {

qint64 Backoff::ceilingMs() const
{
    const int shift = std::min(m_failures, 30);
    const qint64 grown = static_cast<qint64>(m_baseMs) << shift;
    return std::min<qint64>(grown, m_maxMs);
}

qint64 Backoff::nextDelayMs(qint64 retryAfterMs)
{
    qint64 delay = 0;
    if (retryAfterMs > 0) {
        const qint64 bounded = std::min<qint64>(retryAfterMs, m_maxRetryAfterMs);
        delay = bounded + QRandomGenerator::global()->bounded(bounded / 2 + 1);
    } else {
        delay = QRandomGenerator::global()->bounded(ceilingMs() + 1);
    }
    ++m_failures;
    return delay;
}

} // namespace outpost
