#include "sweeper.h"

#include <QDateTime>
#include <QFile>
#include <QThread>
#include <QTimer>

#include "attachmentstore.h"
#include "idempotentreplies.h"
#include "serverlogging.h"
#include "serverstore.h"
#include "signinlimiter.h"

namespace outpost {

Sweeper::Sweeper(ServerStore *store, ServerConfig config)
    : m_store(store), m_config(std::move(config))
{}

Result<Sweeper::Counts> Sweeper::sweepOnce()
{
    Counts counts;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto expired = AttachmentStore::expiredUploads(m_store, now);
    if (!expired)
        return expired.error();
    for (const QString &id : std::as_const(*expired)) {
        // The row first: a PATCH that races the sweep finds the upload gone (404) rather
        // than an offset that no longer matches the file.
        auto reset = AttachmentStore::resetIfExpired(m_store, id, now);
        if (!reset)
            return reset.error();
        if (!*reset)
            continue; // created again meanwhile
        QFile::remove(AttachmentStore::partPath(m_config.dataDir, id));
        ++counts.uploads;
    }
    auto counters = SignInLimiter::sweep(m_store, m_config.auth.signInLimit, now);
    if (!counters)
        return counters.error();
    counts.signInCounters = *counters;
    auto replies =
        IdempotentReplies::sweep(m_store, now - m_config.auth.refreshTokenTtlSeconds * 1000);
    if (!replies)
        return replies.error();
    counts.replies = *replies;
    ServerStore::finishStatements();
    return counts;
}

void Sweeper::startOn(QThread *thread)
{
    moveToThread(thread);
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_timer = new QTimer(this);
            m_timer->setInterval(std::chrono::seconds(m_config.limits.sweepIntervalSeconds));
            connect(m_timer, &QTimer::timeout, this, &Sweeper::onTimer);
            m_timer->start();
            onTimer();
        },
        Qt::QueuedConnection);
}

void Sweeper::onTimer()
{
    auto counts = sweepOnce();
    if (!counts) {
        qCWarning(lcServer).noquote() << "sweep failed:" << counts.error().message;
        return;
    }
    if (counts->uploads > 0 || counts->signInCounters > 0 || counts->replies > 0)
        qCInfo(lcServer).noquote()
            << "sweep:" << counts->uploads << "expired uploads discarded," << counts->signInCounters
            << "sign-in counters and" << counts->replies << "stored answers forgotten";
}

} // namespace outpost
