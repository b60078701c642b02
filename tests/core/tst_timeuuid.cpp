// Time-ordered (version 7) ids: RFC 9562 layout, sortable by creation time, unique.
#include <QSet>
#include <QTest>

#include "timeuuid.h"

using namespace outpost;

class TestTimeUuid : public QObject
{
    Q_OBJECT

private slots:
    void layoutFollowsRfc9562()
    {
        const qint64 ms = 0x0123456789ABll;
        const QUuid id = timeOrderedUuid(ms);
        // Qt 6.4's QUuid::version() knows versions 1-5 only: read the nibble from the text.
        const QString text = id.toString(QUuid::WithoutBraces);
        QCOMPARE(text.at(14), QLatin1Char('7'));
        QCOMPARE(id.variant(), QUuid::DCE); // the 0b10 variant
        // The first 48 bits are the Unix time in milliseconds, big-endian.
        QVERIFY(text.startsWith(QStringLiteral("01234567-89ab-7")));
        QCOMPARE(timeOrderedUuid(ms).toString().left(15), id.toString().left(15));
    }

    void laterIdsSortAfterEarlierOnes()
    {
        // The text form (what the server indexes) sorts by time across milliseconds.
        QString previous;
        for (qint64 ms = 1'700'000'000'000; ms < 1'700'000'000'000 + 2000; ms += 7) {
            const QString text = timeOrderedUuid(ms).toString(QUuid::WithoutBraces);
            QVERIFY2(text > previous, qPrintable(text + QStringLiteral(" after ") + previous));
            previous = text;
        }
        const QString now = timeOrderedUuid().toString(QUuid::WithoutBraces);
        QVERIFY(now > timeOrderedUuid(1'700'000'000'000).toString(QUuid::WithoutBraces));
    }

    void idsInOneMillisecondAreUnique()
    {
        QSet<QUuid> seen;
        for (int i = 0; i < 100000; ++i)
            seen.insert(timeOrderedUuid(42));
        QCOMPARE(seen.size(), 100000);
    }
};

QTEST_APPLESS_MAIN(TestTimeUuid)
#include "tst_timeuuid.moc"
