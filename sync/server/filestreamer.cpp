#include "filestreamer.h"

#include <QTcpSocket>

namespace outpost {

FileStreamer::FileStreamer(QTcpSocket *socket, std::function<void(bool)> done)
    : QObject(socket), m_socket(socket), m_done(std::move(done))
{}

void FileStreamer::start(QTcpSocket *socket, const QString &path, qint64 offset, qint64 length,
                         std::function<void(bool)> done)
{
    auto *streamer = new FileStreamer(socket, std::move(done));
    streamer->m_file.setFileName(path);
    streamer->m_remaining = length;
    if (!streamer->m_file.open(QIODevice::ReadOnly) || !streamer->m_file.seek(offset)) {
        streamer->finish(false);
        return;
    }
    connect(socket, &QTcpSocket::bytesWritten, streamer, &FileStreamer::pump);
    streamer->pump();
}

void FileStreamer::pump()
{
    while (m_remaining > 0 && m_socket->bytesToWrite() < kSliceBytes) {
        const QByteArray slice = m_file.read(std::min(kSliceBytes, m_remaining));
        if (slice.isEmpty()) {
            finish(false);
            return;
        }
        m_remaining -= slice.size();
        m_socket->write(slice);
    }
    if (m_remaining == 0)
        finish(true);
}

void FileStreamer::finish(bool ok)
{
    disconnect(m_socket, nullptr, this, nullptr);
    auto done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    if (done)
        done(ok);
}

} // namespace outpost
