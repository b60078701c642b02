// PushBodyWriter (core/protocol): the push body it writes decodes with the shared codec
// (PushRequest::fromJson) to exactly the operations given, whether their fields come already
// encoded or as objects, with strings that need escaping, every kind, with and without state;
// a fields text that is not a JSON object degrades to what decoding it gives, never to a
// body the server cannot read.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>

#include "pushbodywriter.h"
#include "pushrequest.h"

using namespace outpost;

namespace {

Operation makeOp(OperationKind kind, const QString &formId, const QString &state,
                 const QJsonObject &fields)
{
    Operation op;
    op.opId = QUuid::createUuid();
    op.entityId = QUuid::createUuid();
    op.kind = kind;
    op.baseVersion = kind == OperationKind::Create ? 0 : 9007199254740991ll;
    op.formId = formId;
    op.formVersion = 3;
    op.state = state;
    op.fields = fields;
    op.deviceTime = QDateTime::fromMSecsSinceEpoch(1764590000123ll, Qt::UTC);
    return op;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::vector<Operation> decode(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return {};
    const auto request = PushRequest::fromJson(doc.object());
    if (!request)
        return {};
    std::vector<Operation> ops;
    for (const PushItem &item : request->items) {
        if (item.error)
            return {};
        ops.push_back(item.op);
    }
    return ops;
}

} // namespace

class TestPushBodyWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesToTheSameOperations()
    {
        const std::vector<Operation> ops{
            makeOp(OperationKind::Create, QStringLiteral("household"), QStringLiteral("draft"),
                   {{"name", "Ana \"the\" \\ first\n"},
                    {"members", 4},
                    {"where", QJsonObject{{"lat", -1.3}, {"lon", 36.8}}},
                    {"tags", QJsonArray{"a", 1, true, QJsonValue()}}}),
            makeOp(OperationKind::Update, QStringLiteral("form \"ü\" / ☃"), QString(),
                   {{"gone", QJsonValue()}, {"ünïcode", "日本語 ✓"}}),
            makeOp(OperationKind::Delete, QStringLiteral("tab\tform"),
                   QStringLiteral("final\u0001ized"), {}),
        };
        PushBodyWriter encoded;
        PushBodyWriter plain;
        for (const Operation &op : ops) {
            encoded.add(op, compact(op.fields));
            plain.add(op);
        }
        QCOMPARE(encoded.count(), 3);
        const QByteArray body = encoded.finish();
        QCOMPARE(encoded.count(), 0);
        QCOMPARE(decode(body), ops);
        QCOMPARE(decode(plain.finish()), ops);
        // The writer starts over after finish().
        encoded.add(ops.front(), compact(ops.front().fields));
        QCOMPARE(decode(encoded.finish()), std::vector<Operation>{ops.front()});
    }

    void fieldsThatAreNotAnObjectAreDecodedFirst_data()
    {
        QTest::addColumn<QByteArray>("fieldsJson");
        QTest::addColumn<QJsonObject>("expected");
        QTest::newRow("array") << QByteArray("[1,2]") << QJsonObject{};
        QTest::newRow("garbage") << QByteArray("not json") << QJsonObject{};
        QTest::newRow("padded object")
            << QByteArray(" {\"a\":1} ") << QJsonObject{{QStringLiteral("a"), 1}};
    }

    void fieldsThatAreNotAnObjectAreDecodedFirst()
    {
        QFETCH(QByteArray, fieldsJson);
        QFETCH(QJsonObject, expected);
        Operation op = makeOp(OperationKind::Update, QStringLiteral("f"), QString(), {});
        PushBodyWriter writer;
        writer.add(op, fieldsJson);
        op.fields = expected;
        QCOMPARE(decode(writer.finish()), std::vector<Operation>{op});
    }
};

QTEST_GUILESS_MAIN(TestPushBodyWriter)
#include "tst_pushbodywriter.moc"
