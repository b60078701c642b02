// The running SHA-256 of each unfinished upload this process has been writing, so that the last
// PATCH checks the whole file against its declared sha256 without reading it again. An entry is
// only good for the next chunk of the same upload generation (its Upload-Expires value, which
// changes whenever the upload starts again) at the offset it stopped at; anything else — a
// restart of the server, a chunk written by another server process, an evicted entry — leaves
// the caller without a digest, and it re-reads the file at the end (TusApi).
// Thread-safe (one mutex); an entry is taken out while a request works on it.
#pragma once

#include <QMutex>
#include <QString>

#include <deque>
#include <memory>
#include <unordered_map>

#include "sha256.h"

namespace outpost {

class UploadDigests
{
public:
    // Running digests kept at most (each ~0.5 KiB); the oldest goes first.
    explicit UploadDigests(int maxEntries = 256) : m_maxEntries(maxEntries) {}

    // The digest of bytes [0, offset) of upload id in that generation, removed from the table;
    // a fresh one when offset is 0; null when this process does not know those bytes.
    std::unique_ptr<Sha256> take(const QString &id, qint64 offset, qint64 generation);
    // Keeps digest as the digest of bytes [0, offset).
    void put(const QString &id, qint64 offset, qint64 generation, std::unique_ptr<Sha256> digest);
    void forget(const QString &id);

private:
    struct Entry
    {
        qint64 offset = 0;
        qint64 generation = 0;
        std::unique_ptr<Sha256> digest;
    };

    QMutex m_mutex;
    int m_maxEntries;
    std::unordered_map<QString, Entry> m_entries;
    std::deque<QString> m_order; // insertion order, for eviction (may name removed ids)
};

} // namespace outpost
