// The tus header parsers (sync/server/tusheaders.h), table-driven: what each accepts, and that
// everything else is refused with the documented error code. The server's answers to the
// same bad headers are checked over HTTP in tst_serverupload.
#include <QtTest>

#include <QCryptographicHash>

#include "crc32.h"
#include "tusheaders.h"

using namespace outpost;

class TestTusHeaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void counts_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
        QTest::newRow("plain") << QByteArray("12345") << true << qint64(12345);
        QTest::newRow("leading zeros") << QByteArray("007") << true << qint64(7);
        QTest::newRow("int64 max")
            << QByteArray("9223372036854775807") << true << std::numeric_limits<qint64>::max();
        QTest::newRow("int64 max + 1") << QByteArray("9223372036854775808") << false << qint64(0);
        QTest::newRow("20 digits") << QByteArray("18446744073709551616") << false << qint64(0);
        QTest::newRow("20 zeros then 1")
            << QByteArray("00000000000000000001") << false << qint64(0);
        QTest::newRow("empty") << QByteArray() << false << qint64(0);
        QTest::newRow("plus") << QByteArray("+5") << false << qint64(0);
        QTest::newRow("minus") << QByteArray("-1") << false << qint64(0);
        QTest::newRow("minus zero") << QByteArray("-0") << false << qint64(0);
        QTest::newRow("leading space") << QByteArray(" 5") << false << qint64(0);
        QTest::newRow("trailing space") << QByteArray("5 ") << false << qint64(0);
        QTest::newRow("inner space") << QByteArray("1 000") << false << qint64(0);
        QTest::newRow("tab") << QByteArray("5\t") << false << qint64(0);
        QTest::newRow("hex") << QByteArray("0x10") << false << qint64(0);
        QTest::newRow("exponent") << QByteArray("1e3") << false << qint64(0);
        QTest::newRow("decimal") << QByteArray("1.0") << false << qint64(0);
        QTest::newRow("nul") << QByteArray("1\0", 2) << false << qint64(0);
        QTest::newRow("unicode digit") << QByteArray("\xd9\xa1") << false << qint64(0);
    }

    void counts()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, ok);
        QFETCH(qint64, expected);
        for (const auto &parsed :
             {tusheaders::parseUploadOffset(value), tusheaders::parseUploadLength(value)}) {
            QCOMPARE(parsed.ok(), ok);
            if (ok)
                QCOMPARE(*parsed, expected);
            else
                QCOMPARE(parsed.error().code, QStringLiteral("invalid_header"));
        }
        if (!ok) {
            QVERIFY(tusheaders::parseUploadOffset(value).error().message.contains(
                QStringLiteral("Upload-Offset")));
            QVERIFY(tusheaders::parseUploadLength(value).error().message.contains(
                QStringLiteral("Upload-Length")));
        }
    }

    void metadata_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("decoded");
        QTest::newRow("empty") << QByteArray() << true << QByteArray() << QByteArray();
        QTest::newRow("one pair") << QByteArray("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==")
                                  << true << QByteArray("filename")
                                  << QByteArray("world_domination_plan.pdf");
        QTest::newRow("unpadded") << QByteArray("a YWI") << true << QByteArray("a")
                                  << QByteArray("ab");
        QTest::newRow("key only") << QByteArray("is_confidential,a YQ==") << true
                                  << QByteArray("is_confidential") << QByteArray();
        QTest::newRow("spaces around commas")
            << QByteArray("a YQ== , b Yg==") << true << QByteArray("b") << QByteArray("b");
        QTest::newRow("empty value") << QByteArray("a ") << true << QByteArray("a") << QByteArray();
        QTest::newRow("invalid character")
            << QByteArray("a YW*j") << false << QByteArray() << QByteArray();
        QTest::newRow("base64url") << QByteArray("a -_8=") << false << QByteArray() << QByteArray();
        QTest::newRow("space inside value")
            << QByteArray("a YW Jj") << false << QByteArray() << QByteArray();
        QTest::newRow("lone character")
            << QByteArray("a Y") << false << QByteArray() << QByteArray();
        QTest::newRow("bad padding")
            << QByteArray("a YQ=") << false << QByteArray() << QByteArray();
        QTest::newRow("padding inside")
            << QByteArray("a YW=j") << false << QByteArray() << QByteArray();
        QTest::newRow("non-canonical bits")
            << QByteArray("a YR==") << false << QByteArray() << QByteArray();
        QTest::newRow("duplicate key")
            << QByteArray("a YQ==,a Yg==") << false << QByteArray() << QByteArray();
        QTest::newRow("empty pair")
            << QByteArray("a YQ==,,b Yg==") << false << QByteArray() << QByteArray();
        QTest::newRow("trailing comma")
            << QByteArray("a YQ==,") << false << QByteArray() << QByteArray();
        QTest::newRow("control in key")
            << QByteArray("a\x01 YQ==") << false << QByteArray() << QByteArray();
        QTest::newRow("non-ascii key")
            << QByteArray("\xc3\xa9 YQ==") << false << QByteArray() << QByteArray();
        QTest::newRow("long key") << QByteArray(65, 'k') << false << QByteArray() << QByteArray();
        QByteArray many;
        for (int i = 0; i < 33; ++i)
            many += (i ? "," : "") + QByteArray("k") + QByteArray::number(i);
        QTest::newRow("33 pairs") << many << false << QByteArray() << QByteArray();
    }

    void metadata()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, ok);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, decoded);
        const auto parsed = tusheaders::parseUploadMetadata(value);
        QCOMPARE(parsed.ok(), ok);
        if (!ok) {
            QCOMPARE(parsed.error().code, QStringLiteral("invalid_header"));
            QVERIFY(parsed.error().message.startsWith(QStringLiteral("Upload-Metadata")));
            return;
        }
        if (key.isEmpty()) {
            QVERIFY(parsed->isEmpty());
            return;
        }
        QVERIFY(parsed->contains(key));
        QCOMPARE(parsed->value(key), decoded);
    }

    void checksum_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("code");     // empty: accepted
        QTest::addColumn<QByteArray>("digest"); // when accepted: the raw digest of "x"
        const QByteArray sha1Raw = QCryptographicHash::hash("x", QCryptographicHash::Sha1);
        const QByteArray sha256Raw = QCryptographicHash::hash("x", QCryptographicHash::Sha256);
        const QByteArray crc32Raw = QByteArray::fromHex("8cdc1683"); // zlib.crc32(b"x")
        const QByteArray sha1 = sha1Raw.toBase64();
        const QByteArray sha256 = sha256Raw.toBase64();
        const QByteArray crc32 = crc32Raw.toBase64();
        QTest::newRow("sha1") << "sha1 " + sha1 << QString() << sha1Raw;
        QTest::newRow("sha256") << "sha256 " + sha256 << QString() << sha256Raw;
        QTest::newRow("crc32") << "crc32 " + crc32 << QString() << crc32Raw;
        QTest::newRow("md5") << "md5 " + sha1 << "checksum_algorithm" << QByteArray();
        QTest::newRow("upper case") << "SHA1 " + sha1 << "checksum_algorithm" << QByteArray();
        QTest::newRow("crc32c") << "crc32c " + crc32 << "checksum_algorithm" << QByteArray();
        QTest::newRow("no digest") << QByteArray("sha1") << "invalid_header" << QByteArray();
        QTest::newRow("empty digest") << QByteArray("sha1 ") << "invalid_header" << QByteArray();
        QTest::newRow("two spaces") << "sha1  " + sha1 << "invalid_header" << QByteArray();
        QTest::newRow("trailing space") << "sha1 " + sha1 + " "
                                        << "invalid_header" << QByteArray();
        QTest::newRow("invalid base64") << QByteArray("sha1 !!!!") << "invalid_header"
                                        << QByteArray();
        QTest::newRow("sha256 digest as sha1") << "sha1 " + sha256 << "invalid_header"
                                               << QByteArray();
        QTest::newRow("sha1 digest as sha256") << "sha256 " + sha1 << "invalid_header"
                                               << QByteArray();
        QTest::newRow("sha1 digest as crc32") << "crc32 " + sha1 << "invalid_header"
                                              << QByteArray();
        QTest::newRow("crc32 digest as sha1") << "sha1 " + crc32 << "invalid_header"
                                              << QByteArray();
        QTest::newRow("crc32 in hex") << QByteArray("crc32 8cdc1683") << "invalid_header"
                                      << QByteArray();
        QTest::newRow("hex digest") << "sha1 " + sha1Raw.toHex() << "invalid_header"
                                    << QByteArray();
        QTest::newRow("empty") << QByteArray() << "checksum_algorithm" << QByteArray();
    }

    void checksum()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, code);
        QFETCH(QByteArray, digest);
        const auto parsed = tusheaders::parseUploadChecksum(value);
        QCOMPARE(parsed.ok(), code.isEmpty());
        if (!code.isEmpty()) {
            QCOMPARE(parsed.error().code, code);
            return;
        }
        QCOMPARE(parsed->digest, digest);
        const auto expected = value.startsWith("crc32 ")    ? tusheaders::ChecksumAlgorithm::Crc32
                              : value.startsWith("sha256 ") ? tusheaders::ChecksumAlgorithm::Sha256
                                                            : tusheaders::ChecksumAlgorithm::Sha1;
        QVERIFY(parsed->algorithm == expected);
    }

    // zlib's CRC-32 as the tus chunk checksum sends it: the standard check value of
    // "123456789" (0xCBF43926) big-endian, nothing for no bytes, and the same in pieces.
    void crc32KnownAnswers()
    {
        QCOMPARE(Crc32::hash("123456789"), QByteArray::fromHex("cbf43926"));
        QCOMPARE(Crc32::hash(QByteArray()), QByteArray::fromHex("00000000"));
        QCOMPARE(Crc32::hash("x"), QByteArray::fromHex("8cdc1683"));
        Crc32 pieces;
        pieces.addData("1234", 4);
        pieces.addData("", 0);
        pieces.addData("56789", 5);
        QCOMPARE(pieces.result(), QByteArray::fromHex("cbf43926"));
    }

    void versionAndContentType()
    {
        QVERIFY(tusheaders::checkTusResumable("1.0.0").ok());
        for (const QByteArray &bad : {QByteArray(), QByteArray("1.0"), QByteArray("1.0.0 "),
                                      QByteArray("0.2.2"), QByteArray("1.0.0,0.2.2")}) {
            const Status s = tusheaders::checkTusResumable(bad);
            QVERIFY2(!s.ok(), bad.constData());
            QCOMPARE(s.error().code, QStringLiteral("tus_version"));
        }
        QVERIFY(tusheaders::checkPatchContentType("application/offset+octet-stream").ok());
        QVERIFY(tusheaders::checkPatchContentType("Application/Offset+Octet-Stream").ok());
        for (const QByteArray &bad :
             {QByteArray(), QByteArray("application/json"), QByteArray("application/octet-stream"),
              QByteArray("application/offset+octet-stream; charset=utf-8"),
              QByteArray("application/offset+octet-streamx")}) {
            const Status s = tusheaders::checkPatchContentType(bad);
            QVERIFY2(!s.ok(), bad.constData());
            QCOMPARE(s.error().code, QStringLiteral("unsupported_media_type"));
        }
    }

    void ranges_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("first"); // -1: refused
        QTest::addColumn<qint64>("last");
        // a file of 1000 bytes
        QTest::newRow("a-b") << QByteArray("bytes=10-19") << qint64(10) << qint64(19);
        QTest::newRow("a-") << QByteArray("bytes=990-") << qint64(990) << qint64(999);
        QTest::newRow("-n") << QByteArray("bytes=-10") << qint64(990) << qint64(999);
        QTest::newRow("-n larger than the file")
            << QByteArray("bytes=-5000") << qint64(0) << qint64(999);
        QTest::newRow("b past the end") << QByteArray("bytes=0-5000") << qint64(0) << qint64(999);
        QTest::newRow("one byte") << QByteArray("bytes=0-0") << qint64(0) << qint64(0);
        QTest::newRow("a past the end") << QByteArray("bytes=1000-") << qint64(-1) << qint64(0);
        QTest::newRow("b before a") << QByteArray("bytes=20-10") << qint64(-1) << qint64(0);
        QTest::newRow("-0") << QByteArray("bytes=-0") << qint64(-1) << qint64(0);
        QTest::newRow("two ranges") << QByteArray("bytes=0-1,5-6") << qint64(-1) << qint64(0);
        QTest::newRow("plus") << QByteArray("bytes=+1-2") << qint64(-1) << qint64(0);
        QTest::newRow("spaces") << QByteArray("bytes= 1-2") << qint64(-1) << qint64(0);
        QTest::newRow("other unit") << QByteArray("items=1-2") << qint64(-1) << qint64(0);
        QTest::newRow("no dash") << QByteArray("bytes=12") << qint64(-1) << qint64(0);
        QTest::newRow("only dash") << QByteArray("bytes=-") << qint64(-1) << qint64(0);
        QTest::newRow("overflow") << QByteArray("bytes=0-99999999999999999999") << qint64(-1)
                                  << qint64(0);
    }

    void ranges()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        const auto parsed = tusheaders::parseRange(value, 1000);
        QCOMPARE(parsed.ok(), first >= 0);
        if (first < 0) {
            QCOMPARE(parsed.error().code, QStringLiteral("range_not_satisfiable"));
            return;
        }
        QCOMPARE(parsed->first, first);
        QCOMPARE(parsed->last, last);
    }
};

QTEST_GUILESS_MAIN(TestTusHeaders)
#include "tst_tusheaders.moc"
