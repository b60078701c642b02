#include "stormdevice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include "stormstats.h"

StormDevice::StormDevice(quint16 port, QByteArray token, QByteArray pushBody, int ops, quint32 seed,
                         StormStats *stats, QObject *parent)
    : QObject(parent), m_connection(port), m_token(std::move(token)),
      m_pushBody(std::move(pushBody)), m_ops(ops), m_random(seed), m_stats(stats)
{}

void StormDevice::start()
{
    m_clock.start();
    push();
}

bool StormDevice::retry(const StormReply &reply, void (StormDevice::*again)())
{
    int delayMs = 0;
    if (reply.status == 503) {
        const int afterMs = std::max(1, reply.retryAfterS) * 1000;
        delayMs = afterMs + static_cast<int>(m_random.bounded(afterMs / 2 + 1));
    } else if (reply.status == 0) {
        if (++m_networkRetries > 20) {
            end(false, QStringLiteral("no answer 20 times"));
            return true;
        }
        delayMs = 100 + static_cast<int>(m_random.bounded(400));
    } else {
        return false;
    }
    QTimer::singleShot(delayMs, this, again);
    return true;
}

void StormDevice::push()
{
    m_connection.send("POST", "/api/v1/push", m_token, m_pushBody, [this](const StormReply &r) {
        m_stats->record(QStringLiteral("push"), r.status, r.latencyUs);
        if (retry(r, &StormDevice::push))
            return;
        if (r.status != 200)
            return end(false, QStringLiteral("push: HTTP %1 %2")
                                  .arg(r.status)
                                  .arg(QString::fromUtf8(r.body.left(200))));
        const QJsonArray results =
            QJsonDocument::fromJson(r.body).object().value(QStringLiteral("results")).toArray();
        for (const QJsonValue &result : results) {
            if (result[QStringLiteral("status")].toString() == QStringLiteral("applied"))
                ++m_acknowledged;
        }
        if (m_acknowledged != m_ops)
            return end(false,
                       QStringLiteral("push: %1 of %2 ops applied").arg(m_acknowledged).arg(m_ops));
        pull();
    });
}

void StormDevice::pull()
{
    m_connection.send("GET", "/api/v1/pull?limit=500&cursor=" + m_cursor, m_token, {},
                      [this](const StormReply &r) {
                          m_stats->record(QStringLiteral("pull"), r.status, r.latencyUs);
                          if (retry(r, &StormDevice::pull))
                              return;
                          if (r.status != 200)
                              return end(false, QStringLiteral("pull: HTTP %1").arg(r.status));
                          const QJsonObject page = QJsonDocument::fromJson(r.body).object();
                          m_pulled += page.value(QStringLiteral("records")).toArray().size();
                          m_cursor = page.value(QStringLiteral("cursor")).toString().toLatin1();
                          if (page.value(QStringLiteral("has_more")).toBool())
                              pull();
                          else
                              end(true);
                      });
}

void StormDevice::end(bool ok, const QString &error)
{
    m_ok = ok;
    m_error = error;
    m_elapsedUs = m_clock.nsecsElapsed() / 1000;
    if (ok)
        m_stats->deviceUs.push_back(m_elapsedUs);
    emit finished();
}
