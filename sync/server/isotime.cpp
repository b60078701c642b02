#include "isotime.h"

namespace outpost::isotime {

namespace {

char16_t *digits(char16_t *out, int value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = static_cast<char16_t>(u'0' + value % 10);
        value /= 10;
    }
    return out + count;
}

} // namespace

QString utcMs(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime utc = time.timeSpec() == Qt::UTC ? time : time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (date.year() < 1 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs); // Qt's own rules for unusual years
    QString text(24, Qt::Uninitialized);
    char16_t *p = reinterpret_cast<char16_t *>(text.data());
    p = digits(p, date.year(), 4);
    *p++ = u'-';
    p = digits(p, date.month(), 2);
    *p++ = u'-';
    p = digits(p, date.day(), 2);
    *p++ = u'T';
    p = digits(p, clock.hour(), 2);
    *p++ = u':';
    p = digits(p, clock.minute(), 2);
    *p++ = u':';
    p = digits(p, clock.second(), 2);
    *p++ = u'.';
    p = digits(p, clock.msec(), 3);
    *p = u'Z';
    return text;
}

} // namespace outpost::isotime
