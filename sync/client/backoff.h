// Capped exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff
// And Jitter"): attempt n waits a uniform random time in [0, min(cap, base * 2^n)]. A
// server's Retry-After is honoured: then the wait is Retry-After plus up to half of it
// again, so that devices told the same thing at once do not all come back at once.
#pragma once

#include <QtGlobal>

namespace outpost {

class Backoff
{
public:
    Backoff(int baseMs, int maxMs, int maxRetryAfterMs)
        : m_baseMs(baseMs), m_maxMs(maxMs), m_maxRetryAfterMs(maxRetryAfterMs)
    {}

    // The delay before the next attempt, in milliseconds; counts one more failure.
    // retryAfterMs: the server's Retry-After (0 when none).
    qint64 nextDelayMs(qint64 retryAfterMs = 0);
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    qint64 ceilingMs() const; // the bound of the current attempt, before jitter

private:
    int m_baseMs;
    int m_maxMs;
    int m_maxRetryAfterMs;
    int m_failures = 0;
};

} // namespace outpost
