#include "scriptedpeer.h"

#include <QTcpSocket>

namespace {

constexpr qint64 kStallReadBufferBytes = 64 * 1024;

qint64 contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
            return line.mid(colon + 1).trimmed().toLongLong();
    }
    return 0;
}

} // namespace

ScriptedPeer::ScriptedPeer(QObject *parent) : QTcpServer(parent)
{
    listen(QHostAddress::LocalHost, 0);
}

void ScriptedPeer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    socket->setSocketDescriptor(socketDescriptor);
    ++m_connections;
    if (m_mode == Mode::Stall)
        socket->setReadBufferSize(kStallReadBufferBytes);
    // Per connection: what arrived and is not yet a whole request, and the body still due.
    socket->setProperty("bodyLeft", qint64(-1));
    connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { onData(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket]() {
        ++m_closed;
        if (m_draining)
            m_closedAfterDrainMs = m_sinceDrain.elapsed();
        socket->deleteLater();
    });
}

void ScriptedPeer::drain()
{
    m_draining = true;
    m_sinceDrain.start();
    m_stalled = false;
    m_mode = m_answer.isEmpty() ? Mode::Hang : Mode::Answer;
    const auto sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        socket->setReadBufferSize(0);
        onData(socket);
    }
}

void ScriptedPeer::onData(QTcpSocket *socket)
{
    if (m_stalled)
        return; // the socket's buffer fills, then the kernel's, then the client waits
    QByteArray in = socket->property("in").toByteArray() + socket->readAll();
    qint64 bodyLeft = socket->property("bodyLeft").toLongLong();
    for (;;) {
        if (bodyLeft < 0) {
            const qsizetype end = in.indexOf("\r\n\r\n");
            if (end < 0)
                break;
            const QByteArray head = in.left(end + 4);
            m_heads.append(head);
            in.remove(0, head.size());
            bodyLeft = contentLength(head);
        }
        qint64 take = std::min<qint64>(bodyLeft, in.size());
        const bool cut = m_heads.size() - 1 == m_cutIndex;
        if (cut && take >= m_cutAfter) {
            m_bodyBytes += m_cutAfter;
            m_cutIndex = -1;
            socket->abort();
            return;
        }
        m_bodyBytes += take;
        in.remove(0, take);
        bodyLeft -= take;
        if (m_mode == Mode::Stall && m_bodyBytes >= m_stallAfter) {
            m_stalled = true;
            break;
        }
        if (bodyLeft > 0)
            break;
        bodyLeft = -1; // a whole request
        if (m_mode == Mode::Answer)
            socket->write(m_answer);
    }
    socket->setProperty("in", in);
    socket->setProperty("bodyLeft", bodyLeft);
}
