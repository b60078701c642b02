// ODK's format-date() / format-date-time(): a date written with a pattern of %-codes
// (docs/forms.md lists them). Month and day names are English, whatever the device's
// language, so that a value computed on any device is the same.
#pragma once

#include "value.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace outpost {

class DateFormat
{
public:
    // The wall-clock date and time a value stands for: a date or datetime value or an ISO
    // string as written (its own UTC offset kept), a number of days since 1970-01-01 in UTC.
    // nullopt for anything else (the empty string included).
    static std::optional<QDateTime> wallClock(const Value &value);

    // %Y year, %y two-digit year, %m month 01-12, %n month 1-12, %b Jan-Dec, %d day 01-31,
    // %e day 1-31, %a Sun-Sat, %H hour 00-23, %h hour 0-23, %M minute 00-59, %S second
    // 00-59, %3 milliseconds 000-999, %% a percent sign. Any other text is copied.
    static QString format(const QDateTime &wallClock, const QString &pattern);
};

} // namespace outpost
