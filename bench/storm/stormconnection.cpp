#include "stormconnection.h"

#include <QTcpSocket>

namespace {

constexpr int requestTimeoutMs = 60000;

QByteArray headerValue(const QByteArray &head, const QByteArray &name)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

StormConnection::StormConnection(quint16 port, QObject *parent)
    : QObject(parent), m_port(port), m_socket(new QTcpSocket(this))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &StormConnection::fail);
    connect(m_socket, &QTcpSocket::connected, this, &StormConnection::write);
    connect(m_socket, &QTcpSocket::readyRead, this, &StormConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this]() {
        if (m_done)
            fail(); // closed before the whole answer
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_done)
            fail();
    });
}

void StormConnection::send(const QByteArray &method, const QByteArray &path,
                           const QByteArray &token, const QByteArray &body, Done done)
{
    m_done = std::move(done);
    m_in.clear();
    m_request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        m_request += "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty())
        m_request += "Content-Type: application/json\r\n";
    m_request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    m_clock.start();
    m_timeout.start(requestTimeoutMs);
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        write();
    else if (m_socket->state() == QAbstractSocket::UnconnectedState)
        m_socket->connectToHost(QHostAddress::LocalHost, m_port);
}

void StormConnection::write()
{
    if (m_done && !m_request.isEmpty())
        m_socket->write(std::exchange(m_request, {}));
}

void StormConnection::onReadyRead()
{
    m_in += m_socket->readAll();
    if (!m_done)
        return;
    const qsizetype headEnd = m_in.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QByteArray head = m_in.left(headEnd);
    const qint64 length = headerValue(head, "content-length").toLongLong();
    if (m_in.size() < headEnd + 4 + length)
        return;
    StormReply reply;
    reply.status = head.split(' ').value(1).toInt();
    const QByteArray retryAfter = headerValue(head, "retry-after");
    reply.retryAfterS = retryAfter.isEmpty() ? -1 : retryAfter.toInt();
    reply.body = m_in.mid(headEnd + 4, length);
    m_in.remove(0, headEnd + 4 + length);
    finish(reply, headerValue(head, "connection").toLower() == "close");
}

void StormConnection::fail()
{
    finish({}, true);
}

void StormConnection::finish(StormReply reply, bool closeAfter)
{
    m_timeout.stop();
    reply.latencyUs = m_clock.nsecsElapsed() / 1000;
    if (closeAfter)
        m_socket->abort();
    m_request.clear();
    if (Done done = std::exchange(m_done, {}))
        done(reply);
}
