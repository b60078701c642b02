// A small fault-injecting HTTP/1.1 TCP proxy for the sync, UI and chaos tests: forwards
// 127.0.0.1:serverPort() to a target port on loopback. It follows the requests on each
// connection (request head + Content-Length body), so it can act on one request of a
// keep-alive connection:
// - offline: refuses new connections and cuts the open ones;
// - cutResponses(prefix, n): drops the answer to the next n requests whose request line starts
//   with prefix, after the server received them (a lost response);
// - setRandomFaults(rates, seed): at random, per request, refuses, cuts a request before the
//   server has it whole, cuts the answer after the server committed, delays, or cuts a body
//   mid-way (an upload chunk); seeded, so one proxy's decisions repeat for the same sequence
//   of requests. Counts what it did by kind.
// Lives in the thread that made it (the test's); needs that thread's event loop running.
#pragma once

#include <QByteArray>
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
    void cutResponses(const QByteArray &requestPrefix, int count)
    {
        m_cutPrefix = requestPrefix;
        m_cutCount = count;
    }
    int responsesCut() const { return m_responsesCut; }

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
    // What to do with the next request (called by a connection when its head is complete).
    FaultKind decide(const QByteArray &requestLine, qint64 bodyBytes, bool *fault);
    int randomDelayMs() { return 1 + m_random.bounded(std::max(1, m_rates.maxDelayMs)); }
    double randomFraction() { return m_random.generateDouble(); }
    void count(FaultKind kind) { ++m_faults[static_cast<int>(kind)]; }
    void noteResponseCut();

    quint16 m_target;
    bool m_offline = false;
    QByteArray m_cutPrefix;
    int m_cutCount = 0;
    int m_responsesCut = 0;
    FaultRates m_rates;
    QRandomGenerator m_random;
    FaultCounts m_faults{};
    QList<QPointer<ProxyConnection>> m_connections;
};
