// A request body that streams from the network thread to the handler's worker thread: a
// bounded ring buffer that the connection fills as the body arrives and the handler drains with
// blocking reads. When it is full the connection stops reading the socket (the kernel then
// holds the client back with TCP flow control) until the handler has made room, so a body of
// any size passes through a few MiB of memory. Thread-safe (one mutex).
#pragma once

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <functional>
#include <vector>

namespace outpost {

class BodyPipe
{
public:
    // lengthBytes: the body's Content-Length; capacityBytes: what the pipe holds at most.
    explicit BodyPipe(qint64 lengthBytes, qsizetype capacityBytes = 2 * 1024 * 1024);

    // --- the writer (network thread) ---
    // Bytes write() takes now. When 0 the writer stops; wakeWriter is called once the reader
    // has drained the pipe to half its capacity.
    qsizetype room();
    void write(const char *data, qsizetype sizeBytes); // at most room() bytes
    // The body will not come whole (the client went away, or took too long): the reader's
    // next read fails with reason.
    void fail(const QString &reason);
    // The writer's callbacks, called on the reader's thread with the pipe's lock held (they
    // must only post an event): wake once the reader has drained a full pipe to half its
    // capacity; firstRead when the reader asks for the body the first time (the moment to
    // send "100 Continue"). detachWriter() drops them (the writer is going away).
    void setWriterCallbacks(std::function<void()> wake, std::function<void()> firstRead);
    void detachWriter();

    // --- the reader (handler's thread) ---
    // Waits up to timeoutMs for bytes; returns how many it copied (at most maxBytes), 0 at the
    // body's end, -1 when the body failed or nothing came in time (see error()).
    qint64 read(char *into, qint64 maxBytes, int timeoutMs);
    QString error();

    qint64 length() const { return m_length; }
    // Every byte of the body has been written into the pipe.
    bool complete();

private:
    const qint64 m_length;
    QMutex m_mutex;
    QWaitCondition m_readable;
    std::vector<char> m_ring; // allocated on the first write
    const qsizetype m_capacity;
    qsizetype m_start = 0; // first unread byte in m_ring
    qsizetype m_size = 0;  // unread bytes
    qint64 m_written = 0;
    qint64 m_read = 0;
    bool m_writerStopped = false;
    QString m_error;
    std::function<void()> m_wakeWriter;
    std::function<void()> m_firstRead;
};

} // namespace outpost
