// One accepted HTTP/1.1 connection: reads the socket, parses requests with a RequestParser
// (400 / 411 / 413 / 431 refused at once, then closed), answers "Expect: 100-continue", times
// out idle and slow clients (408, then close), acknowledges every read at once (TCP_QUICKACK)
// and hands each request to HttpServer. A request whose route streams its body is handed over
// as soon as its head is complete, with a BodyPipe that this connection fills as the body
// arrives; while the pipe is full the socket is not read (TCP flow control holds the client
// back). Lives on the network thread; owned by the socket (its QObject parent), which it
// deletes once the peer has gone.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

#include "bodypipe.h"
#include "requestparser.h"

class QTcpSocket;

namespace outpost {

class HttpConnection : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        RequestParser::Limits parsing;
        int idleTimeoutMs = 30000;    // no byte either way for this long: close
        int requestTimeoutMs = 60000; // a request must arrive whole within this
    };
    struct Handlers
    {
        // Whether this request's body is streamed (its route says so); asked once its head
        // is complete.
        std::function<bool(const HttpRequest &head)> streamsBody;
        // A request to answer: whole, or a streamed one whose body is request.bodyStream.
        std::function<void(HttpConnection *connection, HttpRequest &&request)> onRequest;
    };

    HttpConnection(QTcpSocket *socket, Limits limits, Handlers handlers);
    ~HttpConnection() override;

    QTcpSocket *socket() const { return m_socket; }
    // HttpServer owes the client an answer: the idle timer waits.
    void setBusy(bool busy) { m_busy = busy; }
    // Reads no further request (an answer went out before its body was read whole: what
    // follows on the connection cannot be framed). The body's pipe fails.
    void stopReading();
    // Closes once everything written has left: the write side is shut first and what the client
    // still sends is read and dropped for a moment, so that the answer is not lost to a reset.
    void closeAfterWrite();

private:
    void onReadyRead();
    void parseBuffered();
    void onHead(HttpRequest &head, bool *streamed);
    void sendContinue(const BodyPipe *pipe);
    void quickAck();
    void onIdleTimeout();
    void onRequestTimeout();
    void refuse(int status, const QString &code, const QString &message);
    void shutDownWhenWritten();

    QTcpSocket *m_socket; // not owned (it owns this connection)
    Limits m_limits;
    Handlers m_handlers;
    RequestParser m_parser;
    QByteArray m_buffer; // bytes read from the socket, [m_bufferPos, m_bufferEnd) not parsed
    qsizetype m_bufferPos = 0;
    qsizetype m_bufferEnd = 0;
    std::vector<HttpRequest> m_ready; // parsed in the current read, not yet handed over
    std::shared_ptr<BodyPipe> m_pipe; // the body being streamed, if any
    qint64 m_continueLength = -1;     // "100 Continue" due if no body byte came yet
    bool m_busy = false;
    bool m_reading = true;
    bool m_closing = false;
    QTimer m_idleTimer;
    QTimer m_requestTimer;
    QTimer m_lingerTimer;
};

} // namespace outpost
