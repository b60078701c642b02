#include "bulksender.h"

#include <curl/curl.h>

#include <pthread.h>

#include <chrono>
#include <cstring>

namespace outpost {

using Clock = std::chrono::steady_clock;

struct BulkSender::Job
{
    Request request;
    Finished finished;
    Progress progress;
    std::shared_ptr<Transfer> transfer;
    Outcome outcome;
    qint64 readOffset = 0; // of request.body
    bool answerTooLarge = false;
    curl_off_t lastMoved = -1; // bytes up + down at the last progress call
    Clock::time_point lastMoveAt;
    Clock::time_point lastProgressAt;
    curl_off_t reportedSent = 0;
};

namespace {

BulkSender::Job &jobOf(void *p)
{
    return *static_cast<BulkSender::Job *>(p);
}

size_t readBody(char *buffer, size_t size, size_t count, void *p)
{
    BulkSender::Job &job = jobOf(p);
    if (job.transfer->aborted.load(std::memory_order_relaxed))
        return CURL_READFUNC_ABORT;
    const qint64 left = job.request.body.size() - job.readOffset;
    const size_t n = std::min<size_t>(size * count, static_cast<size_t>(left));
    std::memcpy(buffer, job.request.body.constData() + job.readOffset, n);
    job.readOffset += static_cast<qint64>(n);
    return n;
}

// curl rewinds the body to resend the request by itself on a fresh connection when a
// kept-alive one died under it. Refused once any byte was handed out: the bytes may have
// reached the server (or a connection it has yet to accept), and sending them again is the
// upload queue's decision, after asking the server's offset (HEAD) — never twice blindly.
int seekBody(void *p, curl_off_t offset, int origin)
{
    const BulkSender::Job &job = jobOf(p);
    return origin == SEEK_SET && offset == job.readOffset ? CURL_SEEKFUNC_OK
                                                          : CURL_SEEKFUNC_CANTSEEK;
}

size_t writeAnswer(char *data, size_t size, size_t count, void *p)
{
    BulkSender::Job &job = jobOf(p);
    const size_t n = size * count;
    if (job.outcome.body.size() + static_cast<qint64>(n) > job.request.maxAnswerBytes) {
        job.answerTooLarge = true;
        return 0; // CURLE_WRITE_ERROR
    }
    job.outcome.body.append(data, static_cast<qsizetype>(n));
    return n;
}

size_t headerLine(char *data, size_t size, size_t count, void *p)
{
    BulkSender::Job &job = jobOf(p);
    const size_t n = size * count;
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(n)).trimmed();
    if (line.startsWith("HTTP/")) { // a new answer (after an interim 1xx): its headers only
        job.outcome.headers.clear();
        return n;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return n;
    const QByteArray name = line.left(colon).trimmed().toLower();
    const QByteArray value = line.mid(colon + 1).trimmed();
    QByteArray &slot = job.outcome.headers[name];
    slot = slot.isEmpty() ? value : slot + ", " + value;
    return n;
}

int transferInfo(void *p, curl_off_t, curl_off_t downloaded, curl_off_t, curl_off_t uploaded)
{
    BulkSender::Job &job = jobOf(p);
    if (job.transfer->aborted.load(std::memory_order_relaxed))
        return 1; // CURLE_ABORTED_BY_CALLBACK; the connection is closed
    const Clock::time_point now = Clock::now();
    if (downloaded + uploaded != job.lastMoved) {
        job.lastMoved = downloaded + uploaded;
        job.lastMoveAt = now;
    } else if (job.request.timeoutMs > 0 &&
               now - job.lastMoveAt > std::chrono::milliseconds(job.request.timeoutMs)) {
        job.outcome.timedOut = true;
        return 1;
    }
    job.transfer->sentBytes.store(uploaded, std::memory_order_relaxed);
    if (job.progress && uploaded != job.reportedSent &&
        (now - job.lastProgressAt >= std::chrono::milliseconds(BulkSender::kProgressMs) ||
         uploaded == job.request.body.size())) {
        job.reportedSent = uploaded;
        job.lastProgressAt = now;
        job.progress(uploaded);
    }
    return 0;
}

struct HeaderList
{
    curl_slist *list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const QByteArray &line) { list = curl_slist_append(list, line.constData()); }
};

} // namespace

BulkSender::BulkSender(long uploadBufferBytes) : m_uploadBufferBytes(uploadBufferBytes)
{
    static std::once_flag once;
    std::call_once(once, []() { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_curl = curl_easy_init();
    m_thread = std::thread([this]() { run(); });
}

BulkSender::~BulkSender()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (const auto &job : m_queue)
            job->transfer->aborted = true;
        if (m_current)
            m_current->aborted = true;
    }
    m_wake.notify_all();
    m_thread.join();
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

std::shared_ptr<BulkSender::Transfer> BulkSender::start(Request request, Finished finished,
                                                        Progress progress)
{
    auto job = std::make_unique<Job>();
    job->request = std::move(request);
    job->finished = std::move(finished);
    job->progress = std::move(progress);
    job->transfer = std::make_shared<Transfer>();
    std::shared_ptr<Transfer> transfer = job->transfer;
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
    return transfer;
}

void BulkSender::run()
{
    pthread_setname_np(pthread_self(), "outpost-bulk"); // in perf and top
    for (;;) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this]() { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
            m_current = job->transfer;
        }
        if (!job->transfer->aborted)
            perform(*job);
        {
            std::lock_guard lock(m_mutex);
            m_current.reset();
        }
        if (job->transfer->aborted || !job->finished)
            continue;
        // The job (and the body it shares) goes before the answer is handed on: the chunk's
        // memory is free by the time the next one is read.
        Finished finished = std::move(job->finished);
        Outcome outcome = std::move(job->outcome);
        job.reset();
        finished(std::move(outcome));
    }
}

void BulkSender::perform(Job &job)
{
    CURL *curl = static_cast<CURL *>(m_curl);
    // Back to the defaults; the open connection (keep-alive) and the TLS session stay.
    curl_easy_reset(curl);
    const Request &request = job.request;
    HeaderList headers;
    for (const auto &[name, value] : request.headers)
        headers.add(name + ": " + value);
    headers.add("Expect:"); // no "Expect: 100-continue" wait before the body
    char errorText[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROXY, ""); // none, whatever the environment says
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (request.timeoutMs > 0) // else curl's default (300 s)
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.constData());
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, m_uploadBufferBytes);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &readBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &job);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, &seekBody);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, &job);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &headerLine);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &job);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &writeAnswer);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &job);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &transferInfo);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &job);
    job.lastMoveAt = Clock::now();
    const CURLcode code = curl_easy_perform(curl);
    // The options point into this frame (headers, error text): none may outlive it.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    Outcome &outcome = job.outcome;
    long status = 0;
    if (code == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status < 100 || status > 599) {
        outcome.status = 0;
        outcome.headers.clear();
        outcome.body.clear();
        outcome.error = outcome.timedOut     ? QStringLiteral("the request timed out")
                        : job.answerTooLarge ? QStringLiteral("the answer is too large")
                        : errorText[0]       ? QString::fromUtf8(errorText)
                                             : QString::fromUtf8(curl_easy_strerror(code));
        return;
    }
    outcome.status = static_cast<int>(status);
}

} // namespace outpost
