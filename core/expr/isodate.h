// Strict ISO 8601 parsing for the value shapes of date, datetime and time fields, and the
// day numbers that expressions compare dates by. Shared by expressions and validation.
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringView>
#include <QTime>

#include <optional>

namespace outpost {

struct IsoDate
{
    // "YYYY-MM-DD", a real calendar date (no 2023-02-30).
    static std::optional<QDate> parseDate(QStringView text);

    // "YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM]". With requireOffset, a value
    // without a zone designator is rejected; without it, such a value is taken as UTC.
    static std::optional<QDateTime> parseDateTime(QStringView text, bool requireOffset);

    // "HH:MM[:SS[.fraction]]" with an optional zone designator (ignored).
    static std::optional<QTime> parseTime(QStringView text);

    // Days since 1970-01-01 (the ODK "decimal date"): whole days for a date, a fraction of
    // a day for a datetime (counted in UTC).
    static double daysFromDate(const QDate &date);
    static double daysFromDateTime(const QDateTime &dateTime);
    static QDate dateFromDays(double days); // floor(days); invalid for NaN / out of range

    static QString formatDate(const QDate &date);             // "2024-05-01"
    static QString formatDateTime(const QDateTime &dateTime); // "2024-05-01T10:00:00.000+02:00"
};

} // namespace outpost
