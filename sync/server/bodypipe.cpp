#include "bodypipe.h"

#include <QDeadlineTimer>

#include <algorithm>
#include <cstring>

namespace outpost {

BodyPipe::BodyPipe(qint64 lengthBytes, qsizetype capacityBytes)
    : m_length(lengthBytes),
      m_capacity(std::max<qsizetype>(1, std::min<qint64>(capacityBytes, lengthBytes)))
{}

qsizetype BodyPipe::room()
{
    QMutexLocker lock(&m_mutex);
    const qsizetype free = std::min<qint64>(m_capacity - m_size, m_length - m_written);
    if (free == 0 && m_written < m_length)
        m_writerStopped = true;
    return free;
}

void BodyPipe::write(const char *data, qsizetype sizeBytes)
{
    if (sizeBytes <= 0)
        return;
    QMutexLocker lock(&m_mutex);
    if (m_ring.empty())
        m_ring.resize(static_cast<size_t>(m_capacity));
    sizeBytes = std::min<qsizetype>(sizeBytes, m_capacity - m_size);
    qsizetype end = (m_start + m_size) % m_capacity;
    qsizetype copied = 0;
    while (copied < sizeBytes) {
        const qsizetype piece = std::min(sizeBytes - copied, m_capacity - end);
        std::memcpy(m_ring.data() + end, data + copied, static_cast<size_t>(piece));
        copied += piece;
        end = (end + piece) % m_capacity;
    }
    m_size += sizeBytes;
    m_written += sizeBytes;
    m_readable.wakeAll();
}

void BodyPipe::fail(const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    if (m_error.isEmpty() && m_written < m_length)
        m_error = reason;
    m_wakeWriter = nullptr; // the writer is going away
    m_firstRead = nullptr;
    m_readable.wakeAll();
}

void BodyPipe::setWriterCallbacks(std::function<void()> wake, std::function<void()> firstRead)
{
    QMutexLocker lock(&m_mutex);
    m_wakeWriter = std::move(wake);
    m_firstRead = std::move(firstRead);
}

void BodyPipe::detachWriter()
{
    QMutexLocker lock(&m_mutex);
    m_wakeWriter = nullptr;
    m_firstRead = nullptr;
}

qint64 BodyPipe::read(char *into, qint64 maxBytes, int timeoutMs)
{
    QMutexLocker lock(&m_mutex);
    if (m_firstRead) {
        m_firstRead();
        m_firstRead = nullptr;
    }
    QDeadlineTimer deadline(timeoutMs);
    while (m_size == 0) {
        if (m_read == m_length)
            return 0;
        if (!m_error.isEmpty())
            return -1;
        if (!m_readable.wait(&m_mutex, deadline) && m_size == 0) {
            if (m_read == m_length)
                return 0;
            if (m_error.isEmpty())
                m_error = QStringLiteral("no body bytes for %1 ms").arg(timeoutMs);
            return -1;
        }
    }
    const qsizetype take = std::min<qint64>(maxBytes, m_size);
    qsizetype copied = 0;
    while (copied < take) {
        const qsizetype piece = std::min(take - copied, m_capacity - m_start);
        std::memcpy(into + copied, m_ring.data() + m_start, static_cast<size_t>(piece));
        copied += piece;
        m_start = (m_start + piece) % m_capacity;
    }
    m_size -= take;
    m_read += take;
    if (m_size == 0)
        m_start = 0;
    if (m_writerStopped && m_size <= m_capacity / 2) {
        m_writerStopped = false;
        if (m_wakeWriter)
            m_wakeWriter();
    }
    return take;
}

QString BodyPipe::error()
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

bool BodyPipe::complete()
{
    QMutexLocker lock(&m_mutex);
    return m_written == m_length;
}

} // namespace outpost
