// A tiny fault-injecting TCP proxy for the sync tests: forwards 127.0.0.1:port() to a target
// port, and on demand refuses connections (offline) or cuts the answer to the next N requests
// whose first line starts with a given prefix AFTER the server received them (a lost
// response: the server committed, the device never hears it). Runs in the test's thread.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

class FaultProxy : public QTcpServer
{
    Q_OBJECT

public:
    explicit FaultProxy(quint16 targetPort);

    void setTarget(quint16 port) { m_target = port; }
    // Refuses new connections and cuts the open ones (keep-alive connections included).
    void setOffline(bool offline);
    void cutResponses(const QByteArray &requestPrefix, int count)
    {
        m_cutPrefix = requestPrefix;
        m_cutCount = count;
    }
    int responsesCut() const { return m_responsesCut; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    quint16 m_target;
    bool m_offline = false;
    QByteArray m_cutPrefix;
    int m_cutCount = 0;
    int m_responsesCut = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
};
