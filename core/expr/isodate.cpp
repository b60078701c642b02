#include "isodate.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace outpost {

namespace {

constexpr qint64 kMsPerDay = 86400000;

const QDate &epoch()
{
    static const QDate date(1970, 1, 1);
    return date;
}

int toInt(QStringView text)
{
    return text.toInt();
}

// Milliseconds from a fraction of a second given as 1 to 9 digits.
int fractionToMs(QStringView digits)
{
    if (digits.isEmpty())
        return 0;
    QString padded = digits.left(3).toString();
    while (padded.size() < 3)
        padded.append(QLatin1Char('0'));
    return padded.toInt();
}

// Parses "Z", "+HH:MM" or "-HH:MM" into seconds east of UTC.
std::optional<int> parseOffset(QStringView zone)
{
    if (zone == u"Z")
        return 0;
    const int hours = toInt(zone.mid(1, 2));
    const int minutes = toInt(zone.mid(4, 2));
    if (hours > 14 || minutes > 59)
        return std::nullopt;
    const int seconds = hours * 3600 + minutes * 60;
    return zone.front() == QLatin1Char('-') ? -seconds : seconds;
}

} // namespace

std::optional<QDate> IsoDate::parseDate(QStringView text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})\\z"));
    const auto match = re.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date(toInt(match.capturedView(1)), toInt(match.capturedView(2)),
                     toInt(match.capturedView(3)));
    if (!date.isValid())
        return std::nullopt;
    return date;
}

std::optional<QDateTime> IsoDate::parseDateTime(QStringView text, bool requireOffset)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
        "(Z|[+-]\\d{2}:\\d{2})?\\z"));
    const auto match = re.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date(toInt(match.capturedView(1)), toInt(match.capturedView(2)),
                     toInt(match.capturedView(3)));
    const int hour = toInt(match.capturedView(4));
    const int minute = toInt(match.capturedView(5));
    const int second = match.capturedView(6).isEmpty() ? 0 : toInt(match.capturedView(6));
    if (!date.isValid() || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const QTime time(hour, minute, second, fractionToMs(match.capturedView(7)));
    const QStringView zone = match.capturedView(8);
    if (zone.isEmpty()) {
        if (requireOffset)
            return std::nullopt;
        return QDateTime(date, time, Qt::UTC);
    }
    const auto offset = parseOffset(zone);
    if (!offset)
        return std::nullopt;
    return QDateTime(date, time, Qt::OffsetFromUTC, *offset);
}

std::optional<QTime> IsoDate::parseTime(QStringView text)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?\\z"));
    const auto match = re.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int hour = toInt(match.capturedView(1));
    const int minute = toInt(match.capturedView(2));
    const int second = match.capturedView(3).isEmpty() ? 0 : toInt(match.capturedView(3));
    if (hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    if (!match.capturedView(5).isEmpty() && !parseOffset(match.capturedView(5)))
        return std::nullopt;
    return QTime(hour, minute, second, fractionToMs(match.capturedView(4)));
}

double IsoDate::daysFromDate(const QDate &date)
{
    return static_cast<double>(epoch().daysTo(date));
}

double IsoDate::daysFromDateTime(const QDateTime &dateTime)
{
    return static_cast<double>(dateTime.toMSecsSinceEpoch()) / static_cast<double>(kMsPerDay);
}

QDate IsoDate::dateFromDays(double days)
{
    // QDate covers far more, but keep day numbers within +-100000 years of the epoch.
    if (!std::isfinite(days) || std::fabs(days) > 36500000.0)
        return {};
    return epoch().addDays(static_cast<qint64>(std::floor(days)));
}

QString IsoDate::formatDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

QString IsoDate::formatDateTime(const QDateTime &dateTime)
{
    return dateTime.toString(Qt::ISODateWithMs);
}

} // namespace outpost
