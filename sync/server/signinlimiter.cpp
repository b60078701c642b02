#include "signinlimiter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>

#include <algorithm>

#include "serverstore.h"

namespace outpost {

namespace {

QString keyHash(const QString &kind, const QString &value)
{
    return QString::fromLatin1(QCryptographicHash::hash((kind + QLatin1Char(':') + value).toUtf8(),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

QString userKey(const QString &username)
{
    return keyHash(QStringLiteral("user"), username.trimmed().toCaseFolded().left(256));
}

QString addressKey(const QString &address)
{
    return keyHash(QStringLiteral("addr"), address);
}

QString normalised(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also for ::ffff:a.b.c.d
    if (isV4)
        return QHostAddress(v4).toString();
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address.toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    std::fill(bytes.c + 8, bytes.c + 16, quint8(0));
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

} // namespace

QString SignInLimiter::clientAddress(const HttpRequest &request) const
{
    const QHostAddress peer = request.remoteAddress;
    auto trusted = [this](const QHostAddress &address) {
        return std::any_of(m_config.trustedProxies.begin(), m_config.trustedProxies.end(),
                           [&](const QString &proxy) {
                               return QHostAddress(proxy).isEqual(address,
                                                                  QHostAddress::TolerantConversion);
                           });
    };
    if (!trusted(peer))
        return normalised(peer);
    const QList<QByteArray> hops = request.header("x-forwarded-for").split(',');
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        const QHostAddress hop(QString::fromLatin1(it->trimmed()));
        if (hop.isNull())
            break; // garbage: count it on the proxy, never on a name the client chose
        if (!trusted(hop))
            return normalised(hop);
    }
    return normalised(peer);
}

Result<qint64> SignInLimiter::secondsBlocked(const QString &username, const QString &address)
{
    auto q = m_store->exec(QStringLiteral("SELECT MAX(blocked_until_ms) FROM signin_failures "
                                          "WHERE key_hash IN (?, ?)"),
                           {userKey(username), addressKey(address)});
    if (!q)
        return q.error();
    const qint64 until = q->next() ? q->value(0).toLongLong() : 0;
    q->finish();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return until > now ? (until - now + 999) / 1000 : 0;
}

Status SignInLimiter::fail(const QString &key, int maxFailures, qint64 now)
{
    if (maxFailures <= 0)
        return {};
    // The window slides: window_start_ms is the last failure, and the count starts again
    // when the previous failure is older than windowSeconds.
    const qint64 quietSince = now - qint64(m_config.windowSeconds) * 1000;
    if (auto q = m_store->exec(
            QStringLiteral("INSERT INTO signin_failures (key_hash, failures, window_start_ms, "
                           "blocked_until_ms) VALUES (?, 1, ?, 0) ON CONFLICT (key_hash) DO "
                           "UPDATE SET failures = CASE WHEN signin_failures.window_start_ms < ? "
                           "THEN 1 ELSE signin_failures.failures + 1 END, window_start_ms = ?"),
            {key, now, quietSince, now});
        !q)
        return q.error();
    auto q = m_store->exec(
        QStringLiteral("SELECT failures FROM signin_failures WHERE key_hash = ?"), {key});
    if (!q)
        return q.error();
    const qint64 failures = q->next() ? q->value(0).toLongLong() : 0;
    q->finish();
    if (failures < maxFailures)
        return {};
    const qint64 doublings = std::min<qint64>(failures - maxFailures, 30);
    const qint64 blockSeconds =
        std::min<qint64>(qint64(m_config.blockSeconds) << doublings, m_config.maxBlockSeconds);
    if (auto u = m_store->exec(QStringLiteral("UPDATE signin_failures SET blocked_until_ms = ? "
                                              "WHERE key_hash = ?"),
                               {now + blockSeconds * 1000, key});
        !u)
        return u.error();
    return {};
}

Status SignInLimiter::recordFailure(const QString &username, const QString &address)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (auto s = fail(userKey(username), m_config.maxFailuresPerUser, now); !s)
        return s;
    return fail(addressKey(address), m_config.maxFailuresPerAddress, now);
}

Status SignInLimiter::recordSuccess(const QString &username)
{
    auto q = m_store->exec(QStringLiteral("DELETE FROM signin_failures WHERE key_hash = ?"),
                           {userKey(username)});
    if (!q)
        return q.error();
    return {};
}

Result<int> SignInLimiter::sweep(ServerStore *store, const SignInLimitConfig &config, qint64 nowMs)
{
    auto q = store->exec(QStringLiteral("DELETE FROM signin_failures WHERE window_start_ms < ? "
                                        "AND blocked_until_ms < ?"),
                         {nowMs - qint64(config.windowSeconds) * 1000, nowMs});
    if (!q)
        return q.error();
    return q->rowsAffected();
}

} // namespace outpost
