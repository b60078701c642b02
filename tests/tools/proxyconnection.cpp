#include "proxyconnection.h"

#include <QTcpSocket>
#include <QTimer>

#include "faultproxy.h"

namespace {

constexpr qsizetype maxHeadBytes = 256 * 1024; // beyond: forwarded raw, not followed

qint64 contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
            return std::max<qint64>(0, line.mid(colon + 1).trimmed().toLongLong());
    }
    return 0;
}

} // namespace

ProxyConnection::ProxyConnection(FaultProxy *proxy, qintptr socketDescriptor, quint16 targetPort)
    : QObject(proxy), m_proxy(proxy), m_client(new QTcpSocket(this)),
      m_upstream(new QTcpSocket(this))
{
    m_client->setSocketDescriptor(socketDescriptor);
    connect(m_upstream, &QTcpSocket::connected, this, [this]() {
        m_upstream->write(m_waiting);
        m_waiting.clear();
    });
    connect(m_client, &QTcpSocket::readyRead, this, &ProxyConnection::onClientData);
    connect(m_upstream, &QTcpSocket::readyRead, this, &ProxyConnection::onUpstreamData);
    connect(m_client, &QTcpSocket::disconnected, this, [this]() {
        if (!m_done)
            m_proxy->noteClientClosed();
    });
    connect(m_client, &QTcpSocket::disconnected, this, &ProxyConnection::onDisconnected);
    connect(m_upstream, &QTcpSocket::disconnected, this, &ProxyConnection::onDisconnected);
    connect(m_upstream, &QTcpSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                if (error != QAbstractSocket::RemoteHostClosedError)
                    cut(); // no server there, or the connection was reset
            });
    m_upstream->connectToHost(QHostAddress::LocalHost, targetPort);
}

void ProxyConnection::cut()
{
    if (m_done)
        return;
    m_done = true;
    m_client->abort();
    m_upstream->abort();
    deleteLater();
}

void ProxyConnection::cutAfterForwarding()
{
    if (m_done)
        return;
    m_done = true;
    m_client->abort();
    if (m_upstream->state() == QAbstractSocket::ConnectedState)
        m_upstream->disconnectFromHost(); // the partial request is flushed first, then FIN
    else
        m_upstream->abort();
    QTimer::singleShot(2000, this, [this]() {
        m_upstream->abort();
        deleteLater();
    });
}

void ProxyConnection::onDisconnected()
{
    if (m_done)
        return;
    if (m_delayedWrites > 0) {
        m_closeWhenSent = true; // the delayed answer goes first
        return;
    }
    // One side closed: let the other flush what it holds, then close it too.
    if (m_client->state() != QAbstractSocket::UnconnectedState)
        m_client->disconnectFromHost();
    if (m_upstream->state() != QAbstractSocket::UnconnectedState &&
        m_upstream->state() != QAbstractSocket::ConnectingState)
        m_upstream->disconnectFromHost();
    if (m_client->state() == QAbstractSocket::UnconnectedState &&
        (m_upstream->state() == QAbstractSocket::UnconnectedState ||
         m_upstream->state() == QAbstractSocket::ConnectingState)) {
        m_done = true;
        m_upstream->abort();
        deleteLater();
    }
}

void ProxyConnection::forward(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (m_upstream->state() == QAbstractSocket::ConnectedState)
        m_upstream->write(bytes);
    else
        m_waiting.append(bytes);
}

void ProxyConnection::onClientData()
{
    m_in.append(m_client->readAll());
    process();
}

void ProxyConnection::release()
{
    if (m_done)
        return;
    if (m_client->state() != QAbstractSocket::ConnectedState) {
        cut(); // the client gave up meanwhile: what was held is lost with it
        return;
    }
    m_holdAnswerLeft = -1;
    m_answerHeld = false;
    if (!m_heldAnswer.isEmpty())
        m_client->write(std::exchange(m_heldAnswer, {}));
    if (m_bodyHeld) {
        m_bodyHeld = false;
        process();
    }
}

void ProxyConnection::onUpstreamData()
{
    QByteArray data = m_upstream->readAll();
    for (const auto &[from, to] : std::as_const(m_proxy->m_rewrites))
        data.replace(from, to);
    if (m_holdAnswerLeft >= 0) {
        if (data.size() < m_holdAnswerLeft) {
            m_holdAnswerLeft -= data.size();
        } else {
            if (!m_answerHeld)
                m_proxy->noteHeld();
            m_answerHeld = true;
            m_heldAnswer.append(data.mid(static_cast<qsizetype>(m_holdAnswerLeft)));
            data.truncate(static_cast<qsizetype>(m_holdAnswerLeft));
            m_holdAnswerLeft = 0;
        }
    }
    if (m_answerLeft >= 0 && data.size() >= m_answerLeft) {
        // Part of the answer only (a download cut mid-file): what was promised reaches the
        // client, then the connection closes.
        m_client->write(data.left(static_cast<qsizetype>(m_answerLeft)));
        m_proxy->noteResponseCut();
        m_done = true;
        m_upstream->abort();
        m_client->disconnectFromHost();
        QTimer::singleShot(2000, this, [this]() {
            m_client->abort();
            deleteLater();
        });
        return;
    }
    if (m_answerLeft >= 0)
        m_answerLeft -= data.size();
    if (m_cutAnswer) {
        // The server answered, so it committed: drop the answer and the connection.
        m_proxy->noteResponseCut();
        cut();
        return;
    }
    toClient(data);
}

void ProxyConnection::toClient(const QByteArray &bytes)
{
    const int delayMs = m_proxy->answerDelayMs();
    if (delayMs <= 0 && m_delayedWrites == 0) {
        m_client->write(bytes);
        return;
    }
    // Timers of equal length fire in the order they were started: the bytes keep their order.
    ++m_delayedWrites;
    QTimer::singleShot(std::max(0, delayMs), Qt::PreciseTimer, this, [this, bytes]() {
        --m_delayedWrites;
        if (!m_done && m_client->state() == QAbstractSocket::ConnectedState)
            m_client->write(bytes);
        if (m_delayedWrites == 0 && m_closeWhenSent) {
            m_closeWhenSent = false;
            onDisconnected();
        }
    });
}

void ProxyConnection::process()
{
    while (!m_done && !m_holding && !m_bodyHeld) {
        if (m_bodyLeft > 0) {
            if (m_in.isEmpty())
                return;
            qint64 n = std::min<qint64>(m_bodyLeft, m_in.size());
            if (m_holdBodyAt == 0) {
                m_holdBodyAt = -1;
                m_bodyHeld = true;
                m_proxy->noteHeld();
                return;
            }
            if (m_holdBodyAt > 0)
                n = std::min(n, m_holdBodyAt);
            if (m_corruptBody && n > 0) {
                m_in[0] = static_cast<char>(m_in[0] ^ 0x5a);
                m_corruptBody = false;
            }
            if (m_cutBodyAt >= 0 && n >= m_cutBodyAt) {
                forward(m_in.left(m_cutBodyAt));
                m_proxy->noteBody(m_method, m_cutBodyAt);
                cutAfterForwarding();
                m_proxy->noteBodyCut(); // may cut every other connection too
                return;
            }
            forward(m_in.left(n));
            m_proxy->noteBody(m_method, n);
            m_in.remove(0, n);
            m_bodyLeft -= n;
            if (m_cutBodyAt >= 0)
                m_cutBodyAt -= n;
            if (m_holdBodyAt > 0)
                m_holdBodyAt -= n;
            continue;
        }
        if (!takeHead())
            return;
    }
}

// Handles one whole request head at the front of m_in; false when there is none (yet), or
// when the request is held back or cut.
bool ProxyConnection::takeHead()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > maxHeadBytes) {
            forward(m_in);
            m_in.clear();
        }
        return false;
    }
    const QByteArray head = m_in.left(end + 4);
    const QByteArray requestLine = head.left(head.indexOf("\r\n"));
    const qint64 bodyBytes = contentLength(head);
    if (!m_decided) {
        m_kind = m_proxy->decide(requestLine, bodyBytes, &m_fault);
        m_decided = true;
        if (m_fault && m_kind == FaultKind::Delayed) {
            m_holding = true;
            QTimer::singleShot(m_proxy->randomDelayMs(), this, [this]() {
                m_holding = false;
                process();
            });
            return false;
        }
    }
    m_decided = false;
    m_in.remove(0, head.size());
    m_cutBodyAt = -1;
    if (m_fault && m_kind == FaultKind::RequestCut) {
        // Part of the head only: the server never has the whole request.
        forward(head.left(static_cast<qsizetype>(m_proxy->randomFraction() * head.size())));
        cutAfterForwarding();
        return false;
    }
    if (m_fault && m_kind == FaultKind::UploadCut)
        m_cutBodyAt = static_cast<qint64>(m_proxy->randomFraction() * bodyBytes);
    const FaultProxy::RequestPlan plan = m_proxy->plan(head);
    if (plan.cutBodyAt >= 0)
        m_cutBodyAt = plan.cutBodyAt;
    m_corruptBody = plan.corrupt;
    m_answerLeft = plan.cutAnswerAfter;
    m_holdBodyAt = plan.holdBodyAt;
    m_holdAnswerLeft = plan.holdAnswerAfter;
    m_method = requestLine.left(requestLine.indexOf(' '));
    m_requestLine = requestLine;
    if (m_fault && m_kind == FaultKind::ResponseCut)
        m_cutAnswer = true;
    forward(head);
    m_bodyLeft = bodyBytes;
    emit m_proxy->requestForwarded(requestLine);
    return true;
}
