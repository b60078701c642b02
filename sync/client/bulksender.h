// BulkSender: sends HTTP requests with large bodies (tus PATCH chunks) through libcurl on a
// thread of its own, off QNetworkAccessManager, whose upload path copied the body in 16 KiB
// pieces to its HTTP thread with a cross-thread round trip per piece (docs/performance.md,
// "Attachment uploads"). One reused curl easy handle: the connection stays open (keep-alive)
// from one request to the next. Requests run one at a time, in the order they were started.
//
// What it does the way ApiClient's QNetworkAccessManager does: HTTP/1.1 only, no redirect
// followed (a token must never follow one), no proxy (not even from the environment), TLS
// verified against the system's CA store, a timeout when no byte moved for timeoutMs. It adds
// no "Expect: 100-continue" (one round trip less per chunk). It never logs a header (the
// Authorization header carries a token).
//
// THREAD: start() and the destructor from one thread (ApiClient's); Transfer's flags from any
// thread; the callbacks run on the sender's own thread.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace outpost {

class BulkSender
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray url; // absolute, http or https
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;                     // shared, not copied: curl reads from it
        int timeoutMs = 30000;               // 0: none (as QNetworkRequest::setTransferTimeout(0))
        qint64 maxAnswerBytes = 1024 * 1024; // a longer answer fails the request
    };

    struct Outcome
    {
        int status = 0;                        // 0: no HTTP answer (error says why)
        QHash<QByteArray, QByteArray> headers; // names in lower case, values trimmed
        QByteArray body;
        QString error;         // when status == 0, for people
        bool timedOut = false; // no byte moved for timeoutMs
    };

    // Shared between the starter and the sender's thread.
    struct Transfer
    {
        std::atomic<bool> aborted{false}; // set: ends promptly, finished is never called
        std::atomic<qint64> sentBytes{0};
    };

    // uploadBufferBytes: curl's upload buffer (CURLOPT_UPLOAD_BUFFERSIZE, at most 2 MiB).
    explicit BulkSender(long uploadBufferBytes = kDefaultUploadBufferBytes);
    ~BulkSender(); // aborts every transfer (no callback) and waits for the thread

    BulkSender(const BulkSender &) = delete;
    BulkSender &operator=(const BulkSender &) = delete;

    using Finished = std::function<void(Outcome)>;
    using Progress = std::function<void(qint64 sentBytes)>; // at most every kProgressMs
    // Queues the request. finished runs once on the sender's thread, unless the transfer was
    // aborted; progress runs there too as the body leaves.
    std::shared_ptr<Transfer> start(Request request, Finished finished, Progress progress = {});

    static constexpr long kDefaultUploadBufferBytes = 1024 * 1024;
    static constexpr qint64 kProgressMs = 100;

    struct Job; // one queued request and its state (bulksender.cpp)

private:
    void run();
    void perform(Job &job);

    void *m_curl = nullptr; // CURL *, used by the sender's thread only
    long m_uploadBufferBytes;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::unique_ptr<Job>> m_queue; // guarded by m_mutex
    std::shared_ptr<Transfer> m_current;      // guarded by m_mutex
    bool m_stopping = false;                  // guarded by m_mutex
    std::thread m_thread;                     // last: started when everything else is ready
};

} // namespace outpost
