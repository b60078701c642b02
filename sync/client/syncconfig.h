// How the engine syncs. Value type; the defaults are what the app uses.
#pragma once

#include <QtGlobal>

namespace outpost {

struct SyncConfig
{
    int pushBatchOps = 500; // first batch size; halved on 413 (server limit: 500)
    // Push batches in flight at once (1 = one at a time). With 2 the server works on batch
    // N+1 while the device writes the answer of N and builds N+2; a batch never holds an op
    // of a record that is in one still in flight (docs/sync-engine.md, "Push pipeline").
    int pushPipelineDepth = 2;
    // ?limit= of each pull page (a server clamps it to its max_pull_page_size, 5000 by
    // default). Larger pages = fewer commits, each rewriting fewer index pages: a 100k full
    // pull took 2.9 s of device CPU in pages of 5000, 4.3 s in pages of 1000; peak RSS
    // 55 vs 38 MiB (docs/performance.md).
    int pullPageSize = 5000;
    // Pulled records indexed for search per transaction of the idle pass after a cycle.
    int searchIndexChunk = 2000;
    int requestTimeoutMs = 30000; // per request, no byte in either direction
    int backoffBaseMs = 1000;     // first retry delay bound (full jitter below it)
    int backoffMaxMs = 300000;    // cap of the exponential growth
    int maxRetryAfterMs = 600000; // a server's Retry-After is trusted up to this
    bool autoRetry = true;        // schedule a new attempt after a transient failure
    int debounceMs = 3000;        // after a local change, sync once this quiet time passed
    int periodicMs = 15 * 60000;  // sync at least this often; 0 = never
    bool syncOnStart = true;      // sync once the engine started (when enrolled)
    bool watchNetwork = true;     // SyncController follows QNetworkInformation (sync on return)
    // Attachment bytes on a metered network (QNetworkInformation::isMetered, where the
    // backend can tell): held back unless the person allows it. Records always sync.
    bool uploadAttachmentsOnMetered = false;
    // tus PATCH size; the server's Outpost-Max-Chunk-Size (OPTIONS) caps it. Memory for an
    // upload is about one chunk.
    qint64 uploadChunkBytes = 8ll * 1024 * 1024;
    // transfersChanged (the transfer list, with progress) goes out at most this often; the
    // first change after a quieter spell goes out at once (a tap on pause shows now).
    int transfersPublishMs = 250;
};

} // namespace outpost
