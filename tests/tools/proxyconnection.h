// One client connection through FaultProxy and its upstream connection to the target. Splits
// the client's bytes into requests (head up to the blank line, then Content-Length bytes of
// body) and asks the proxy, once per request, whether to hurt it. Owned by the proxy; deletes
// itself when both sides are closed or when it cuts them.
#pragma once

#include <QByteArray>
#include <QObject>

#include "faultrates.h"

class FaultProxy;
class QTcpSocket;

class ProxyConnection : public QObject
{
    Q_OBJECT

public:
    ProxyConnection(FaultProxy *proxy, qintptr socketDescriptor, quint16 targetPort);

    // Drops both sides at once (pending bytes are lost).
    void cut();
    // Forwards what a hold (FaultProxy::holdRequestBodies / holdResponseBodies) kept back.
    void release();
    // The request line of the request on its way (or the last one).
    const QByteArray &requestLine() const { return m_requestLine; }

private:
    void onClientData();
    void onUpstreamData();
    void onDisconnected();
    void process();
    bool takeHead();
    void forward(const QByteArray &bytes);
    void toClient(const QByteArray &bytes); // now, or after the proxy's answer delay
    // Sends what was forwarded so far to the server, then closes both sides.
    void cutAfterForwarding();

    FaultProxy *m_proxy; // not owned (our parent)
    QTcpSocket *m_client;
    QTcpSocket *m_upstream;
    QByteArray m_in;      // from the client, not yet forwarded
    QByteArray m_waiting; // forwarded before the upstream connection was up
    qint64 m_bodyLeft = 0;
    qint64 m_cutBodyAt = -1; // cut the current body after this many more bytes
    bool m_decided = false;  // the pending head's fate is chosen (it may be delayed)
    bool m_fault = false;
    FaultKind m_kind = FaultKind::Delayed;
    bool m_holding = false; // a delayed request waits
    bool m_cutAnswer = false;
    bool m_done = false;
    QByteArray m_method;          // of the current request
    QByteArray m_requestLine;     // of the current request
    bool m_corruptBody = false;   // flip the first byte of the current body
    qint64 m_answerLeft = -1;     // forward this many more answer bytes, then close (-1: all)
    qint64 m_holdBodyAt = -1;     // hold the current body after this many more bytes
    bool m_bodyHeld = false;      // client bytes wait in m_in until release()
    qint64 m_holdAnswerLeft = -1; // forward this many more answer bytes, then hold the rest
    QByteArray m_heldAnswer;      // answer bytes held until release()
    bool m_answerHeld = false;    // the hold point was reached
    int m_delayedWrites = 0;      // answer pieces waiting for the answer delay
    bool m_closeWhenSent = false; // the server closed: close the client after them
};
