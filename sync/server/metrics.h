// Counters for /metrics in the Prometheus text format. Thread-safe (atomics); one instance
// per server process.
#pragma once

#include <QByteArray>

#include <array>
#include <atomic>

namespace outpost {

class Metrics
{
public:
    void recordRequest(int status, qint64 latencyUs);
    void addOpsApplied(qint64 count) { m_opsApplied += count; }
    void addOpsRejected(qint64 count) { m_opsRejected += count; }
    void addConflicts(qint64 count) { m_conflicts += count; }
    void addOverloaded() { ++m_overloaded; }
    void setInFlight(int count) { m_inFlight = count; }
    // A finished upload whose sha256 had to be computed by reading its file again.
    void addUploadBytesRehashed(qint64 bytes) { m_uploadBytesRehashed += bytes; }
    void addUploadBytesDirect(qint64 bytes) { m_uploadBytesDirect += bytes; }

    QByteArray render() const;

private:
    static constexpr std::array<qint64, 10> kBucketsUs{500,   1000,  2500,   5000,   10000,
                                                       25000, 50000, 100000, 250000, 1000000};
    std::array<std::atomic<qint64>, 6> m_requestsByClass{}; // 1xx .. 5xx, index by status/100
    std::array<std::atomic<qint64>, kBucketsUs.size()> m_buckets{};
    std::atomic<qint64> m_latencySumUs{0};
    std::atomic<qint64> m_latencyCount{0};
    std::atomic<qint64> m_opsApplied{0};
    std::atomic<qint64> m_opsRejected{0};
    std::atomic<qint64> m_conflicts{0};
    std::atomic<qint64> m_overloaded{0};
    std::atomic<qint64> m_uploadBytesRehashed{0};
    std::atomic<qint64> m_uploadBytesDirect{0};
    std::atomic<int> m_inFlight{0};
};

} // namespace outpost
