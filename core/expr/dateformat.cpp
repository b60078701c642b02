#include "dateformat.h"

#include "isodate.h"

#include <cmath>

namespace outpost {

namespace {

constexpr double kMsPerDay = 86400000.0;

QString twoDigits(int n)
{
    return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0'));
}

} // namespace

std::optional<QDateTime> DateFormat::wallClock(const Value &value)
{
    if (value.isNumber()) {
        const double days = value.toNumber();
        if (!IsoDate::dateFromDays(days).isValid())
            return std::nullopt;
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::floor(days * kMsPerDay)),
                                              Qt::UTC);
    }
    if (value.isBoolean())
        return std::nullopt;
    const QString text = value.toString().trimmed();
    if (const auto date = IsoDate::parseDate(text))
        return QDateTime(*date, QTime(0, 0), Qt::UTC);
    // A datetime keeps the offset it was written with: its date() and time() are as written.
    if (const auto dateTime = IsoDate::parseDateTime(text, false))
        return *dateTime;
    return std::nullopt;
}

QString DateFormat::format(const QDateTime &wallClock, const QString &pattern)
{
    static const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const QDate date = wallClock.date();
    const QTime time = wallClock.time();
    QString out;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c != u'%' || i + 1 >= pattern.size()) {
            out += c;
            continue;
        }
        const QChar code = pattern.at(++i);
        switch (code.unicode()) {
        case 'Y':
            out += QString::number(date.year());
            break;
        case 'y':
            out += twoDigits(((date.year() % 100) + 100) % 100);
            break;
        case 'm':
            out += twoDigits(date.month());
            break;
        case 'n':
            out += QString::number(date.month());
            break;
        case 'b':
            out += QLatin1String(kMonths[date.month() - 1]);
            break;
        case 'd':
            out += twoDigits(date.day());
            break;
        case 'e':
            out += QString::number(date.day());
            break;
        case 'a':
            out += QLatin1String(kDays[date.dayOfWeek() - 1]);
            break;
        case 'H':
            out += twoDigits(time.hour());
            break;
        case 'h':
            out += QString::number(time.hour());
            break;
        case 'M':
            out += twoDigits(time.minute());
            break;
        case 'S':
            out += twoDigits(time.second());
            break;
        case '3':
            out += QStringLiteral("%1").arg(time.msec(), 3, 10, QLatin1Char('0'));
            break;
        case '%':
            out += u'%';
            break;
        default:
            out += c;
            out += code;
            break;
        }
    }
    return out;
}

} // namespace outpost
