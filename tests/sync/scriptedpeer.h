// ScriptedPeer: a minimal HTTP/1.1 server on loopback for ApiClient's transport tests, playing
// what the real server cannot be made to do on demand: answer with any raw bytes (a redirect,
// an odd header), never answer, or stop reading a body (TCP back-pressure reaches the client)
// until drain(). Records every request head, the body bytes received, the connections and
// when each one ended. Lives in the test's thread; needs its event loop.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QTcpServer>

class QTcpSocket;

class ScriptedPeer : public QTcpServer
{
    Q_OBJECT

public:
    enum class Mode
    {
        Answer, // after a whole request: the answer bytes
        Hang,   // reads every request, never answers
        Stall,  // stops reading after stallAfterBytes of a body, until drain()
    };

    explicit ScriptedPeer(QObject *parent = nullptr);

    void setMode(Mode mode) { m_mode = mode; }
    void setAnswer(const QByteArray &raw) { m_answer = raw; }
    void setStallAfter(qint64 bodyBytes) { m_stallAfter = bodyBytes; }
    // The request number `index` (0 = the first this peer sees) has its connection reset
    // once afterBytes of its body arrived.
    void cutRequest(int index, qint64 afterBytes)
    {
        m_cutIndex = index;
        m_cutAfter = afterBytes;
    }
    // Reads everything again, as fast as it comes; then answers if an answer is set.
    void drain();

    QList<QByteArray> heads() const { return m_heads; }
    qint64 bodyBytes() const { return m_bodyBytes; }
    int connections() const { return m_connections; }
    int closed() const { return m_closed; }
    bool stalled() const { return m_stalled; }
    // Milliseconds from drain() to the end of the last connection that closed, -1 if none.
    qint64 closedAfterDrainMs() const { return m_closedAfterDrainMs; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void onData(QTcpSocket *socket);

    Mode m_mode = Mode::Answer;
    QByteArray m_answer;
    qint64 m_stallAfter = 0;
    int m_cutIndex = -1;
    qint64 m_cutAfter = 0;
    bool m_stalled = false;
    bool m_draining = false;
    QElapsedTimer m_sinceDrain;
    qint64 m_closedAfterDrainMs = -1;
    QList<QByteArray> m_heads;
    qint64 m_bodyBytes = 0;
    int m_connections = 0;
    int m_closed = 0;
};
