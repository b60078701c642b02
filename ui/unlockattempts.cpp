#include "unlockattempts.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "uilogging.h"

namespace outpost::ui {

namespace {
constexpr int kMaxFailures = 1000000; // a garbled file cannot overflow the arithmetic
}

UnlockAttempts::UnlockAttempts(StoreLocation location) : m_location(std::move(location))
{
    load();
}

void UnlockAttempts::load()
{
    QFile file(m_location.unlockAttemptsPath());
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject json = QJsonDocument::fromJson(file.read(4096)).object();
    m_failures = std::clamp(json.value(QStringLiteral("failures")).toInt(), 0, kMaxFailures);
    m_lastFailureAt = QDateTime::fromString(
        json.value(QStringLiteral("last_failure_at")).toString(), Qt::ISODateWithMs);
    if (m_failures > 0 && !m_lastFailureAt.isValid())
        m_lastFailureAt = QDateTime::currentDateTimeUtc(); // garbled time: wait from now
}

int UnlockAttempts::backoffSeconds(int failures)
{
    if (failures < 3)
        return 0;
    return qMin(300, 1 << qMin(failures - 2, 9));
}

int UnlockAttempts::remainingWaitSeconds(const QDateTime &now) const
{
    const int wait = backoffSeconds(m_failures);
    if (wait == 0 || !m_lastFailureAt.isValid())
        return 0;
    const qint64 passedMs = qMax<qint64>(0, m_lastFailureAt.msecsTo(now));
    const qint64 leftMs = qint64(wait) * 1000 - passedMs;
    return leftMs <= 0 ? 0 : static_cast<int>((leftMs + 999) / 1000);
}

void UnlockAttempts::recordFailure(const QDateTime &now)
{
    m_failures = qMin(m_failures + 1, kMaxFailures);
    m_lastFailureAt = now.toUTC();
    QSaveFile file(m_location.unlockAttemptsPath());
    const QJsonObject json{
        {QStringLiteral("failures"), m_failures},
        {QStringLiteral("last_failure_at"), m_lastFailureAt.toString(Qt::ISODateWithMs)}};
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(json).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        qCWarning(lcUi) << "cannot keep the failed unlock count:" << file.errorString();
}

void UnlockAttempts::reset()
{
    m_failures = 0;
    m_lastFailureAt = {};
    QFile::remove(m_location.unlockAttemptsPath());
}

} // namespace outpost::ui
