// Watches one accepted connection before QtHttpServer reads it: frames requests with a
// RequestFramer (413 / 431 / 411 / 400 before a body is buffered), answers
// "Expect: 100-continue", and times out idle and slow clients (408, then close). Turns off
// Nagle (TCP_NODELAY) for answers and acknowledges every read at once (TCP_QUICKACK).
// Lives on the socket's thread; owned by the socket (its QObject parent).
#pragma once

#include <QObject>
#include <QTimer>

#include "requestframer.h"

class QTcpSocket;

namespace outpost {

class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        RequestFramer::Limits framing;
        int idleTimeoutMs = 30000;    // no byte either way for this long: close
        int requestTimeoutMs = 60000; // a request must arrive whole within this
    };

    // Connects to socket's readyRead: call before anyone else connects to it, so that the
    // guard sees the bytes first.
    ConnectionGuard(QTcpSocket *socket, Limits limits);

    // Name of the socket property HttpServer sets while it owes the socket a response.
    static const char *busyProperty() { return "outpost_busy"; }

private:
    void onReadyRead();
    void quickAck();
    void onIdleTimeout();
    void onRequestTimeout();
    void refuse(int status, const QString &code, const QString &message);

    QTcpSocket *m_socket; // not owned (it owns this guard)
    Limits m_limits;
    RequestFramer m_framer;
    QTimer m_idleTimer;
    QTimer m_requestTimer;
};

} // namespace outpost
