// One simulated device's HTTP/1.1 connection for the reconnection storm: a keep-alive
// QTcpSocket, one request at a time, Content-Length bodies only (what outpost-server sends).
// A thousand of these share one thread's event loop, which QNetworkAccessManager (a thread per
// manager, six connections per host) cannot do.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

struct StormReply
{
    int status = 0; // 0: no answer (connection refused, reset, closed, or timed out)
    int retryAfterS = -1;
    QByteArray body;
    qint64 latencyUs = 0;
};

class StormConnection : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const StormReply &)>;

    explicit StormConnection(quint16 port, QObject *parent = nullptr);

    void send(const QByteArray &method, const QByteArray &path, const QByteArray &token,
              const QByteArray &body, Done done);

private:
    void write();
    void onReadyRead();
    void fail();
    void finish(StormReply reply, bool closeAfter);

    quint16 m_port;
    QTcpSocket *m_socket;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    QByteArray m_request;
    QByteArray m_in;
    Done m_done;
};
