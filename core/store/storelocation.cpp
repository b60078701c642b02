#include "storelocation.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>

namespace outpost {

QString StoreLocation::databasePath() const
{
    return directory + QStringLiteral("/outpost.db");
}

QString StoreLocation::keyParamsPath() const
{
    return directory + QStringLiteral("/outpost.keyparams");
}

QString StoreLocation::pendingKeyParamsPath() const
{
    return directory + QStringLiteral("/outpost.keyparams.pending");
}

QString StoreLocation::unlockAttemptsPath() const
{
    return directory + QStringLiteral("/outpost.unlockattempts");
}

QString StoreLocation::attachmentsDirectory() const
{
    return directory + QStringLiteral("/attachments");
}

QString StoreLocation::attachmentPath(const QString &attachmentId) const
{
    return attachmentsDirectory() + QLatin1Char('/') + attachmentId + QStringLiteral(".att");
}

Result<StoreLocation> StoreLocation::forAccount(const QString &accountId)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    if (!safe.match(accountId).hasMatch())
        return Error::permanentError(
            QStringLiteral("invalid_argument"),
            QStringLiteral("account id \"%1\" must be 1-64 letters, digits, '-' or '_'")
                .arg(accountId.left(80)));
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (base.isEmpty())
        return Error::permanentError(QStringLiteral("io_error"),
                                     QStringLiteral("no writable application data directory"));
    return inDirectory(base + QStringLiteral("/accounts/") + accountId);
}

StoreLocation StoreLocation::inDirectory(const QString &dir)
{
    return StoreLocation{QDir::cleanPath(QDir(dir).absolutePath())};
}

} // namespace outpost
