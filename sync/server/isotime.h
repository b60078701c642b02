// ISO 8601 UTC timestamps with milliseconds ("2026-11-25T09:58:01.120Z"), the form the server
// stores device and server times in. Written digit by digit: QDateTime::toString goes through
// a printf per call, which showed up in every pushed op.
#pragma once

#include <QDateTime>
#include <QString>

namespace outpost::isotime {

// The same text as time.toUTC().toString(Qt::ISODateWithMs) (empty for an invalid time).
QString utcMs(const QDateTime &time);

} // namespace outpost::isotime
