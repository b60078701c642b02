// The operation codec: what the device pushes and the server decodes.
#include <QJsonArray>
#include <QtTest>

#include "operation.h"

using namespace outpost;

class TestOperation : public QObject
{
    Q_OBJECT

private:
    static Operation sample()
    {
        Operation op;
        op.opId = QUuid::createUuid();
        op.entityId = QUuid::createUuid();
        op.kind = OperationKind::Update;
        op.baseVersion = 42;
        op.formId = QStringLiteral("household");
        op.formVersion = 3;
        op.fields = QJsonObject{{QStringLiteral("members"), 4},
                                {QStringLiteral("tags"), QJsonArray{QStringLiteral("a")}}};
        op.state = QStringLiteral("finalized");
        op.deviceTime = QDateTime(QDate(2026, 11, 25), QTime(10, 0, 0, 123), Qt::UTC);
        return op;
    }

private Q_SLOTS:
    void roundTrip()
    {
        const Operation op = sample();
        auto decoded = Operation::fromJson(op.toJson());
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        QCOMPARE(*decoded, op);
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("op id not a uuid") << "op_id" << QJsonValue("nope") << "op_id";
        QTest::newRow("op id wrong type") << "op_id" << QJsonValue(12) << "op_id";
        QTest::newRow("entity unknown") << "entity" << QJsonValue("user") << "entity";
        QTest::newRow("kind unknown") << "kind" << QJsonValue("upsert") << "upsert";
        QTest::newRow("base fractional") << "base_version" << QJsonValue(1.5) << "base_version";
        QTest::newRow("base negative") << "base_version" << QJsonValue(-1) << "base_version";
        QTest::newRow("base huge") << "base_version" << QJsonValue(1e300) << "base_version";
        QTest::newRow("base below int64") << "base_version" << QJsonValue(-1e19) << "base_version";
        QTest::newRow("form version huge")
            << "form_version" << QJsonValue(1.8e38) << "form_version";
        QTest::newRow("fields not object") << "fields" << QJsonValue("x") << "fields";
        QTest::newRow("bad time") << "device_time" << QJsonValue("yesterday") << "device_time";
        QTest::newRow("form version str") << "form_version" << QJsonValue("3") << "form_version";
    }

    void rejectsMalformed()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject json = sample().toJson();
        json.insert(key, value);
        auto decoded = Operation::fromJson(json);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, QStringLiteral("invalid_operation"));
        QVERIFY2(decoded.error().message.contains(expected), qPrintable(decoded.error().message));
    }

    void rejectsMissingMembers()
    {
        const QJsonObject full = sample().toJson();
        for (auto it = full.begin(); it != full.end(); ++it) {
            if (it.key() == QStringLiteral("state"))
                continue; // optional
            QJsonObject json = full;
            json.remove(it.key());
            auto decoded = Operation::fromJson(json);
            QVERIFY2(!decoded.ok(), qPrintable(it.key()));
            QVERIFY(decoded.error().message.contains(it.key()));
        }
    }

    void createMustHaveNoBase()
    {
        Operation op = sample();
        op.kind = OperationKind::Create;
        QVERIFY(!Operation::fromJson(op.toJson()).ok());
        op.baseVersion = 0;
        QVERIFY(Operation::fromJson(op.toJson()).ok());
    }

    void deleteCarriesNoFields()
    {
        Operation op = sample();
        op.kind = OperationKind::Delete;
        QVERIFY(!Operation::fromJson(op.toJson()).ok());
        op.fields = {};
        QVERIFY(Operation::fromJson(op.toJson()).ok());
    }
};

QTEST_GUILESS_MAIN(TestOperation)
#include "tst_operation.moc"
