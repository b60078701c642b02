// SyncEngine's idle pass: pulled records are written without their full-text row (the store
// queues them, LocalStore::indexSearchBacklog) so that a pull is not slowed by the FTS index;
// after a cycle the engine indexes the backlog in chunks, one store transaction each, with
// the event loop running in between: a new cycle or a shutdown waits for one chunk at most,
// and a cycle in progress pauses the pass (finishCycle / failCycle start it again).
#include "localstore.h"
#include "syncengine.h"
#include "synclogging.h"

namespace outpost {

void SyncEngine::indexSearchSoon()
{
    if (m_searchTimer && m_store)
        m_searchTimer->start();
}

void SyncEngine::indexSearchStep()
{
    if (!m_store || m_cycleRunning)
        return;
    auto before = m_store->searchBacklogCount();
    if (before && *before == 0)
        return;
    auto waiting = m_store->indexSearchBacklog(std::max(1, m_config.searchIndexChunk));
    if (!waiting) {
        // Nothing is lost: the backlog stays and the next cycle's end tries again.
        qCWarning(lcSync).noquote()
            << "indexing pulled records for search failed:" << waiting.error().code;
        return;
    }
    if (*waiting > 0)
        return indexSearchSoon();
    emit searchIndexed();
}

} // namespace outpost
