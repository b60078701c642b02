// A small fault-injecting HTTP/1.1 TCP proxy for the sync, UI and chaos tests: forwards
// 127.0.0.1:serverPort() to a target port on loopback. It follows the requests on each
// connection (request head + Content-Length body), so it can act on one request of a
// keep-alive connection:
// - offline: refuses new connections and cuts the open ones;
// - cutResponses(prefix, n[, skip]): drops the answer to the next n requests whose request line
//   starts with prefix (after letting `skip` of them through), after the server received them
//   (a lost response);
// - setRandomFaults(rates, seed): at random, per request, refuses, cuts a request before the
//   server has it whole, cuts the answer after the server committed, delays, or cuts a body
//   mid-way (an upload chunk); seeded, so one proxy's decisions repeat for the same sequence
//   of requests. Counts what it did by kind;
// - deterministic faults for tests that count bytes: cut the body of the n-th matching
//   request after N bytes (a tus PATCH dropped mid-chunk), flip the first byte of a body (a
//   chunk damaged on the way), cut an answer after N bytes (a download dropped mid-file);
// - what went up: every request head, and the body bytes forwarded per method; how many
//   client connections the client ended (clientsClosed: a pause mid-PATCH drops its own).
// Lives in the thread that made it (the test's); needs that thread's event loop running.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>

#include "faultrates.h"

class ProxyConnection;

class FaultProxy : public QTcpServer
{
    Q_OBJECT

public:
    explicit FaultProxy(quint16 targetPort, QObject *parent = nullptr);
    ~FaultProxy() override;

    void setTarget(quint16 port) { m_target = port; }
    quint16 target() const { return m_target; }
    // Refuses new connections and cuts the open ones (keep-alive connections included).
    void setOffline(bool offline);
    bool isOffline() const { return m_offline; }
    // skip: that many matching requests are answered first.
    void cutResponses(const QByteArray &requestPrefix, int count, int skip = 0)
    {
        m_cutPrefix = requestPrefix;
        m_cutCount = count;
        m_cutSkip = skip;
    }
    int responsesCut() const { return m_responsesCut; }

    // Of the requests starting with prefix, let `skip` through, then for the next `count`:
    // forward the head and only afterBytes of the body, then close both sides (the server
    // never has the whole request); with thenOffline the proxy goes offline at that moment
    // (setOffline(true): its other connections are cut as well).
    void cutRequestBodies(const QByteArray &requestPrefix, qint64 afterBytes, int count = 1,
                          int skip = 0, bool thenOffline = false);
    int requestBodiesCut() const { return m_bodiesCut; }
    // The next `count` requests starting with prefix get the first byte of their body flipped.
    void corruptRequestBodies(const QByteArray &requestPrefix, int count = 1);
    // The answers to the next `count` requests starting with prefix: afterBytes of the answer
    // (head included) reach the client, then the connection closes (responsesCut() counts).
    void cutResponseBodies(const QByteArray &requestPrefix, qint64 afterBytes, int count = 1);
    // Of the requests starting with prefix, let `skip` through, then for the next `count`:
    // forward afterBytes of the body (holdRequestBodies) or of the answer, head included
    // (holdResponseBodies), and hold the rest back, the connection open, until releaseHeld()
    // (a transfer stalled mid-way; bytesHeld() says when it is).
    void holdRequestBodies(const QByteArray &requestPrefix, qint64 afterBytes, int count = 1,
                           int skip = 0)
    {
        m_holdBody = Rule{requestPrefix, afterBytes, count, skip};
    }
    void holdResponseBodies(const QByteArray &requestPrefix, qint64 afterBytes, int count = 1,
                            int skip = 0)
    {
        m_holdAnswer = Rule{requestPrefix, afterBytes, count, skip};
    }
    int transfersHeld() const { return m_held; } // how many reached their hold point
    // Client connections that the client ended (the proxy's own cuts not counted).
    int clientsClosed() const { return m_clientsClosed; }
    // Forwards what the open connections hold; with a prefix, only those whose held request
    // starts with it.
    void releaseHeld(const QByteArray &requestPrefix = {});
    // Seen going up: request heads (request line + headers) in order, body bytes per method.
    // Every answer's bytes have `from` replaced with `to` on their way to the client (an older
    // server's headers, say), for each pair given; a head split across reads may escape it, so
    // the replaced text should be short and near an answer's start.
    void rewriteAnswers(const QByteArray &from, const QByteArray &to)
    {
        m_rewrites.append({from, to});
    }

    // Every answer's bytes reach the client ms after the server sent them (0: at once): a
    // link's round trip, for benchmarks. Bandwidth is not limited. Holds and cuts act first.
    void setAnswerDelay(int ms) { m_answerDelayMs = ms; }
    int answerDelayMs() const { return m_answerDelayMs; }

    QList<QByteArray> requestHeads() const { return m_heads; }
    int requestCount(const QByteArray &prefix) const;
    qint64 bodyBytes(const QByteArray &method) const { return m_bodyBytes.value(method); }

    void setRandomFaults(const FaultRates &rates, quint64 seed);
    void stopRandomFaults() { m_rates = FaultRates{}; }
    const FaultCounts &faults() const { return m_faults; }
    int faultsTotal() const;

Q_SIGNALS:
    // A request head was forwarded whole to the server (its body may follow).
    void requestForwarded(const QByteArray &requestLine);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    friend class ProxyConnection;
    struct Rule
    {
        QByteArray prefix;
        qint64 bytes = 0;
        int count = 0;
        int skip = 0;
        bool take(const QByteArray &head);
    };
    struct RequestPlan // the deterministic faults for one request
    {
        qint64 cutBodyAt = -1;
        bool corrupt = false;
        qint64 cutAnswerAfter = -1;
        qint64 holdBodyAt = -1;
        qint64 holdAnswerAfter = -1;
    };
    RequestPlan plan(const QByteArray &head); // notes the head too
    void noteBody(const QByteArray &method, qint64 bytes) { m_bodyBytes[method] += bytes; }
    void noteBodyCut();
    // What to do with the next request (called by a connection when its head is complete).
    FaultKind decide(const QByteArray &requestLine, qint64 bodyBytes, bool *fault);
    int randomDelayMs() { return 1 + m_random.bounded(std::max(1, m_rates.maxDelayMs)); }
    double randomFraction() { return m_random.generateDouble(); }
    void count(FaultKind kind) { ++m_faults[static_cast<int>(kind)]; }
    void noteResponseCut();
    void noteHeld() { ++m_held; }
    void noteClientClosed() { ++m_clientsClosed; }

    quint16 m_target;
    bool m_offline = false;
    QByteArray m_cutPrefix;
    int m_cutCount = 0;
    int m_cutSkip = 0;
    int m_responsesCut = 0;
    FaultRates m_rates;
    QRandomGenerator m_random;
    FaultCounts m_faults{};
    QList<QPointer<ProxyConnection>> m_connections;
    Rule m_cutBody;
    bool m_offlineAfterCut = false;
    Rule m_corruptBody;
    Rule m_cutAnswer;
    Rule m_holdBody;
    Rule m_holdAnswer;
    int m_held = 0;
    int m_clientsClosed = 0;
    int m_bodiesCut = 0;
    QList<QByteArray> m_heads;
    QList<std::pair<QByteArray, QByteArray>> m_rewrites;
    int m_answerDelayMs = 0;
    QHash<QByteArray, qint64> m_bodyBytes;
};
