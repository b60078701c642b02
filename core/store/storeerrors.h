// Small helpers shared by the LocalStore implementation files. Internal.
#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

#include "result.h"

namespace outpost::storeerrors {

inline Error locked()
{
    return Error::permanentError(QStringLiteral("store_locked"),
                                 QStringLiteral("the store is locked; unlock it first"));
}

inline Error invalidArgument(const QString &what)
{
    return Error::permanentError(QStringLiteral("invalid_argument"), what);
}

inline Error recordNotFound(const QUuid &id)
{
    return Error::permanentError(
        QStringLiteral("record_not_found"),
        QStringLiteral("no record %1").arg(id.toString(QUuid::WithoutBraces)));
}

inline QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

inline qint64 toMs(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

inline QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace outpost::storeerrors
