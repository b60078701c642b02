// Writes a byte range of a file to a socket in slices as the socket drains, so that a
// download of any size holds at most ~2 slices in memory. Owned by the socket; calls `done`
// (once) when the range is written or the file fails, then deletes itself.
#pragma once

#include <QFile>
#include <QObject>

#include <functional>

class QTcpSocket;

namespace outpost {

class FileStreamer : public QObject
{
    Q_OBJECT

public:
    // done(ok): ok false when the file could not be read (the connection is then closed).
    static void start(QTcpSocket *socket, const QString &path, qint64 offset, qint64 length,
                      std::function<void(bool)> done);

private:
    FileStreamer(QTcpSocket *socket, std::function<void(bool)> done);
    void pump();
    void finish(bool ok);

    static constexpr qint64 kSliceBytes = 256 * 1024;
    QTcpSocket *m_socket; // not owned (parent)
    QFile m_file;
    qint64 m_remaining = 0;
    std::function<void(bool)> m_done;
};

} // namespace outpost
