#include "uploaddigests.h"

#include <QSet>

namespace outpost {

std::unique_ptr<Sha256> UploadDigests::take(const QString &id, qint64 offset, qint64 generation)
{
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_entries.find(id);
        if (it != m_entries.end()) {
            Entry entry = std::move(it->second);
            m_entries.erase(it);
            if (entry.offset == offset && entry.generation == generation)
                return std::move(entry.digest);
        }
    }
    return offset == 0 ? std::make_unique<Sha256>() : nullptr;
}

void UploadDigests::put(const QString &id, qint64 offset, qint64 generation,
                        std::unique_ptr<Sha256> digest)
{
    QMutexLocker lock(&m_mutex);
    m_entries.insert_or_assign(id, Entry{offset, generation, std::move(digest)});
    m_order.push_back(id);
    while (m_entries.size() > static_cast<size_t>(m_maxEntries) && !m_order.empty()) {
        m_entries.erase(m_order.front());
        m_order.pop_front();
    }
    // Ids of entries taken or replaced stay in m_order; keep it from growing without bound.
    if (m_order.size() > static_cast<size_t>(4 * m_maxEntries)) {
        std::deque<QString> live;
        QSet<QString> seen;
        for (const QString &name : m_order) {
            if (m_entries.count(name) != 0 && !seen.contains(name)) {
                seen.insert(name);
                live.push_back(name);
            }
        }
        m_order = std::move(live);
    }
}

void UploadDigests::forget(const QString &id)
{
    QMutexLocker lock(&m_mutex);
    m_entries.erase(id);
}

} // namespace outpost
