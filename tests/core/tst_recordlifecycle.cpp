// Record states: who may move a record where, and finalize only when valid.
#include <QtTest>

#include "recordlifecycle.h"
#include "validationform.h"

using namespace outpost;

Q_DECLARE_METATYPE(outpost::RecordState)
Q_DECLARE_METATYPE(outpost::Actor)

namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

Record validRecord(const FormDefinition &form, RecordState state = RecordState::Draft)
{
    Record record;
    record.id = QUuid::createUuid();
    record.formId = form.id;
    record.formVersion = form.version;
    record.values = test::validValues();
    record.state = state;
    return record;
}

} // namespace

class TestRecordLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The whole transition table: 4 x 4 states x 2 actors.
    void transitions_data()
    {
        QTest::addColumn<RecordState>("from");
        QTest::addColumn<RecordState>("to");
        QTest::addColumn<Actor>("actor");
        QTest::addColumn<bool>("allowed");
        using S = RecordState;
        const QList<std::tuple<S, S, Actor>> allowed{
            {S::Draft, S::Draft, Actor::Device},        {S::Draft, S::Finalized, Actor::Device},
            {S::Rejected, S::Draft, Actor::Device},     {S::Finalized, S::Accepted, Actor::Server},
            {S::Finalized, S::Rejected, Actor::Server},
        };
        for (S from : {S::Draft, S::Finalized, S::Accepted, S::Rejected}) {
            for (S to : {S::Draft, S::Finalized, S::Accepted, S::Rejected}) {
                for (Actor actor : {Actor::Device, Actor::Server}) {
                    const QString name =
                        QStringLiteral("%1 -> %2 by %3")
                            .arg(recordStateName(from), recordStateName(to),
                                 actor == Actor::Device ? QStringLiteral("device")
                                                        : QStringLiteral("server"));
                    QTest::newRow(qPrintable(name))
                        << from << to << actor << allowed.contains({from, to, actor});
                }
            }
        }
    }

    void transitions()
    {
        QFETCH(RecordState, from);
        QFETCH(RecordState, to);
        QFETCH(Actor, actor);
        QFETCH(bool, allowed);
        QCOMPARE(RecordLifecycle::canTransition(from, to, actor), allowed);
        const Status status = RecordLifecycle::checkTransition(from, to, actor);
        QCOMPARE(status.ok(), allowed);
        if (!allowed) {
            QCOMPARE(status.error().code, QStringLiteral("invalid_transition"));
            QVERIFY(status.error().message.contains(recordStateName(from)));
        }
    }

    void onlyDraftsAreEditable()
    {
        QVERIFY(RecordLifecycle::isEditable(RecordState::Draft));
        QVERIFY(!RecordLifecycle::isEditable(RecordState::Finalized));
        QVERIFY(!RecordLifecycle::isEditable(RecordState::Accepted));
        QVERIFY(!RecordLifecycle::isEditable(RecordState::Rejected));
    }

    void finalizeRequiresAValidRecord()
    {
        const FormDefinition form = test::validationForm();
        Record record = validRecord(form);
        record.values.remove(QStringLiteral("name"));
        record.values.insert(QStringLiteral("age"), 500);
        auto refused = RecordLifecycle::finalize(form, record, {{}, kNow});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("invalid_record"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("name: Give a name.")),
                 qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QStringLiteral("age: 0 to 120.")));

        // An invalid draft is still a fine draft (saving is the store's job; nothing here
        // refuses it), and once fixed it finalizes.
        record.values = test::validValues();
        auto finalized = RecordLifecycle::finalize(form, record, {{}, kNow});
        QVERIFY2(finalized.ok(),
                 qPrintable(finalized.ok() ? QString() : finalized.error().message));
        QCOMPARE(finalized->state, RecordState::Finalized);
        QCOMPARE(finalized->updatedAt, kNow);
        QCOMPARE(finalized->values, record.values);

        // Not twice, and not against another version of the form.
        QVERIFY(!RecordLifecycle::finalize(form, *finalized, {{}, kNow}).ok());
        record.formVersion = form.version - 1;
        auto mismatch = RecordLifecycle::finalize(form, record, {{}, kNow});
        QVERIFY(!mismatch.ok());
        QVERIFY(mismatch.error().message.contains(QStringLiteral("version")));
    }

    void manyIssuesAreSummarised()
    {
        const FormDefinition form = test::validationForm();
        Record record = validRecord(form);
        for (int i = 0; i < 8; ++i)
            record.values.insert(QStringLiteral("junk%1").arg(i), i);
        auto refused = RecordLifecycle::finalize(form, record, {{}, kNow});
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.startsWith(QStringLiteral("the record has 8 problem(s)")));
        QVERIFY(refused.error().message.endsWith(QStringLiteral("and 3 more")));
    }

    void reviewAndReopen()
    {
        const FormDefinition form = test::validationForm();
        const Record finalized = validRecord(form, RecordState::Finalized);
        auto rejected = RecordLifecycle::review(finalized, RecordState::Rejected,
                                                QStringLiteral("Check the ages"), kNow);
        QVERIFY(rejected.ok());
        QCOMPARE(rejected->state, RecordState::Rejected);
        QCOMPARE(rejected->reviewComment, QStringLiteral("Check the ages"));

        auto reopened = RecordLifecycle::reopen(*rejected, kNow);
        QVERIFY(reopened.ok());
        QCOMPARE(reopened->state, RecordState::Draft);
        QCOMPARE(reopened->reviewComment, QStringLiteral("Check the ages")); // kept to read
        auto again = RecordLifecycle::finalize(form, *reopened, {{}, kNow});
        QVERIFY(again.ok());
        auto accepted = RecordLifecycle::review(*again, RecordState::Accepted, QString(), kNow);
        QVERIFY(accepted.ok());
        QCOMPARE(accepted->state, RecordState::Accepted);

        // Accepted is final; a draft cannot be reviewed; a finalized record is not reopened.
        QVERIFY(!RecordLifecycle::reopen(*accepted).ok());
        QVERIFY(!RecordLifecycle::review(*accepted, RecordState::Rejected, QString()).ok());
        QVERIFY(!RecordLifecycle::review(validRecord(form), RecordState::Accepted, QString()).ok());
        QVERIFY(!RecordLifecycle::reopen(finalized).ok());
        QVERIFY(!RecordLifecycle::review(finalized, RecordState::Draft, QString()).ok());
    }
};

QTEST_GUILESS_MAIN(TestRecordLifecycle)
#include "tst_recordlifecycle.moc"
