// One simulated device of the reconnection storm: it comes back online holding `ops` offline
// creates, pushes them in one batch, then pulls until nothing is left, like the engine's
// cycle. A 503 is retried after Retry-After plus up to half of it again (the engine's rule); no
// answer is retried after a short random backoff with the same body (op ids make the replay
// harmless). Every attempt is recorded in StormStats.
#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QStringList>

#include "stormconnection.h"

struct StormStats;

class StormDevice : public QObject
{
    Q_OBJECT

public:
    StormDevice(quint16 port, QByteArray token, QByteArray pushBody, int ops, quint32 seed,
                StormStats *stats, QObject *parent = nullptr);

    void start();
    bool succeeded() const { return m_ok; }
    int opsAcknowledged() const { return m_acknowledged; }
    int recordsPulled() const { return m_pulled; }
    qint64 elapsedUs() const { return m_elapsedUs; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished();

private:
    void push();
    void pull();
    // true when the attempt is to be retried (503 or no answer); schedules it.
    bool retry(const StormReply &reply, void (StormDevice::*again)());
    void end(bool ok, const QString &error = {});

    StormConnection m_connection;
    QByteArray m_token;
    QByteArray m_pushBody;
    int m_ops;
    QRandomGenerator m_random;
    StormStats *m_stats; // not owned
    QElapsedTimer m_clock;
    QByteArray m_cursor;
    int m_acknowledged = 0;
    int m_pulled = 0;
    int m_networkRetries = 0;
    qint64 m_elapsedUs = 0;
    bool m_ok = false;
    QString m_error;
};
