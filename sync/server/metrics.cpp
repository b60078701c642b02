#include "metrics.h"

namespace outpost {

void Metrics::recordRequest(int status, qint64 latencyUs)
{
    const int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5)
        ++m_requestsByClass[static_cast<size_t>(statusClass)];
    for (size_t i = 0; i < kBucketsUs.size(); ++i) {
        if (latencyUs <= kBucketsUs[i])
            ++m_buckets[i];
    }
    m_latencySumUs += latencyUs;
    ++m_latencyCount;
}

QByteArray Metrics::render() const
{
    QByteArray out;
    out += "# HELP outpost_http_requests_total HTTP requests answered, by status class.\n"
           "# TYPE outpost_http_requests_total counter\n";
    for (int c = 1; c <= 5; ++c) {
        out += "outpost_http_requests_total{code=\"" + QByteArray::number(c) + "xx\"} " +
               QByteArray::number(m_requestsByClass[static_cast<size_t>(c)].load()) + '\n';
    }
    out += "# HELP outpost_http_request_duration_seconds Time from a whole request to its "
           "answer.\n# TYPE outpost_http_request_duration_seconds histogram\n";
    for (size_t i = 0; i < kBucketsUs.size(); ++i) {
        out += "outpost_http_request_duration_seconds_bucket{le=\"" +
               QByteArray::number(static_cast<double>(kBucketsUs[i]) / 1e6) + "\"} " +
               QByteArray::number(m_buckets[i].load()) + '\n';
    }
    out += "outpost_http_request_duration_seconds_bucket{le=\"+Inf\"} " +
           QByteArray::number(m_latencyCount.load()) + '\n';
    out += "outpost_http_request_duration_seconds_sum " +
           QByteArray::number(static_cast<double>(m_latencySumUs.load()) / 1e6) + '\n';
    out += "outpost_http_request_duration_seconds_count " +
           QByteArray::number(m_latencyCount.load()) + '\n';
    auto counter = [&out](const char *name, const char *help, qint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " counter\n" +
               name + ' ' + QByteArray::number(value) + '\n';
    };
    counter("outpost_ops_applied_total", "Operations applied or merged.", m_opsApplied.load());
    counter("outpost_ops_rejected_total", "Operations rejected.", m_opsRejected.load());
    counter("outpost_conflicts_total", "Conflicts logged (open or auto-resolved).",
            m_conflicts.load());
    counter("outpost_overloaded_total", "Requests answered 503 by admission control.",
            m_overloaded.load());
    counter("outpost_upload_bytes_rehashed_total",
            "Bytes of finished uploads read again to check their sha256 (chunks this process "
            "did not see arrive, e.g. before a restart).",
            m_uploadBytesRehashed.load());
    counter("outpost_upload_bytes_direct_total",
            "Bytes of upload chunks written past the page cache (O_DIRECT).",
            m_uploadBytesDirect.load());
    out += "# HELP outpost_requests_in_flight Requests on the worker pool now.\n"
           "# TYPE outpost_requests_in_flight gauge\noutpost_requests_in_flight " +
           QByteArray::number(m_inFlight.load()) + '\n';
    return out;
}

} // namespace outpost
