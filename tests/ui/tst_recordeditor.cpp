// The record editor on the demo forms and a real encrypted store: skip logic as values
// change, messages beside the fields, calculations, automatic draft saving (read back through
// a second connection, as after a restart), finalize only when valid (and read-only after),
// repeat instances, reopening a rejected record, the language switch.
#include <QComboBox>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QtTest>

#include "editorfixture.h"
#include "fieldrow.h"
#include "fieldwidget.h"
#include "recordeditor.h"
#include "recordfactory.h"
#include "recordlifecycle.h"
#include "repeatwidget.h"

using namespace outpost;
using namespace outpost::ui;
using namespace outpost::ui::test;

class TestRecordEditor : public QObject
{
    Q_OBJECT

    EditorFixture m_fixture;

    std::unique_ptr<RecordEditor> newEditor(const QString &formId)
    {
        auto form = RecordEditor::loadForm(*m_fixture.store, formId);
        if (!form)
            return nullptr;
        Record record = RecordFactory::create(*form);
        auto editor = std::make_unique<RecordEditor>(m_fixture.store.get(), *form, record, false);
        editor->resize(1280, 800);
        editor->show();
        return editor;
    }

    static void type(RecordEditor &editor, const QString &path, const QString &text,
                     const QString &control = QStringLiteral("input"))
    {
        FieldRow *row = editor.row(path);
        QVERIFY2(row, qPrintable(path));
        auto *edit = row->findChild<QLineEdit *>(control);
        QVERIFY2(edit, qPrintable(path));
        edit->selectAll();
        if (text.isEmpty())
            QTest::keyClick(edit, Qt::Key_Backspace);
        else
            QTest::keyClicks(edit, text);
    }

    static void choose(RecordEditor &editor, const QString &path, const QString &choice)
    {
        FieldRow *row = editor.row(path);
        QVERIFY2(row, qPrintable(path));
        auto *radio = row->findChild<QRadioButton *>(QStringLiteral("choice:%1").arg(choice));
        QVERIFY2(radio, qPrintable(path + QLatin1Char('=') + choice));
        radio->click();
    }

    static void start(RecordEditor &editor, const QString &path)
    {
        FieldRow *row = editor.row(path);
        QVERIFY2(row, qPrintable(path));
        row->findChild<QPushButton *>(QStringLiteral("start"))->click();
    }

    static QString message(RecordEditor &editor, const QString &path)
    {
        FieldRow *row = editor.row(path);
        return row ? row->message() : QStringLiteral("<no row %1>").arg(path);
    }

    // Fills an agriculture_plot record so that it is valid.
    static void fillPlot(RecordEditor &editor)
    {
        type(editor, QStringLiteral("farmer_name"), QStringLiteral("Joseph Banda"));
        choose(editor, QStringLiteral("village"), QStringLiteral("mbala"));
        start(editor, QStringLiteral("visit_date"));
        type(editor, QStringLiteral("plots[1].plot_name"), QStringLiteral("River field"));
        choose(editor, QStringLiteral("plots[1].tenure"), QStringLiteral("owned"));
        type(editor, QStringLiteral("plots[1].plot_area"), QStringLiteral("2"));
        choose(editor, QStringLiteral("plots[1].crops[1].crop"), QStringLiteral("maize"));
        type(editor, QStringLiteral("plots[1].crops[1].crop_area"), QStringLiteral("1.5"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_fixture.open()); }

    void relevanceFollowsTheAnswers()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        FieldRow *noConsent = editor->row(QStringLiteral("no_consent"));
        auto *household = editor->findChild<QGroupBox *>(QStringLiteral("group:household"));
        RepeatWidget *members = editor->repeat(QStringLiteral("members"));
        QVERIFY(noConsent && household && members);
        // consent unanswered: neither branch.
        QVERIFY(noConsent->isHidden());
        QVERIFY(household->isHidden());
        QVERIFY(members->isHidden());

        choose(*editor, QStringLiteral("consent"), QStringLiteral("no"));
        QVERIFY(!noConsent->isHidden());
        QVERIFY(household->isHidden());
        QVERIFY(members->isHidden());

        choose(*editor, QStringLiteral("consent"), QStringLiteral("yes"));
        QVERIFY(noConsent->isHidden());
        QVERIFY(!household->isHidden());
        QVERIFY(!members->isHidden());

        // Inside a repeat instance, per instance, as the person types.
        FieldRow *pregnant = editor->row(QStringLiteral("members[1].pregnant"));
        QVERIFY(pregnant && pregnant->isHidden());
        choose(*editor, QStringLiteral("members[1].sex"), QStringLiteral("female"));
        type(*editor, QStringLiteral("members[1].age"), QStringLiteral("3"));
        QVERIFY(pregnant->isHidden());
        QVERIFY(!editor->row(QStringLiteral("members[1].vaccinated"))->isHidden());
        type(*editor, QStringLiteral("members[1].age"), QStringLiteral("30"));
        QVERIFY(!pregnant->isHidden());
        QVERIFY(editor->row(QStringLiteral("members[1].vaccinated"))->isHidden());
    }

    void messagesAppearAndDisappear()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        choose(*editor, QStringLiteral("consent"), QStringLiteral("yes"));
        // An untouched required field says nothing yet.
        QCOMPARE(message(*editor, QStringLiteral("enumerator")), QString());
        QVERIFY(editor->row(QStringLiteral("enumerator"))->isRequiredMarked());

        // The form's constraint message, beside the field.
        const QString size = QStringLiteral("household_size");
        type(*editor, size, QStringLiteral("0"));
        QCOMPARE(message(*editor, size),
                 QStringLiteral("Between 1 and 30, and at least the number of members listed."));
        type(*editor, size, QStringLiteral("4"));
        QCOMPARE(message(*editor, size), QString());

        // Required: once the person has been there and left it empty.
        type(*editor, QStringLiteral("enumerator"), QStringLiteral("A"));
        QCOMPARE(message(*editor, QStringLiteral("enumerator")), QString());
        type(*editor, QStringLiteral("enumerator"), QString());
        QCOMPARE(message(*editor, QStringLiteral("enumerator")),
                 QStringLiteral("This field is required."));
        type(*editor, QStringLiteral("enumerator"), QStringLiteral("Amina"));
        QCOMPARE(message(*editor, QStringLiteral("enumerator")), QString());

        // A regex constraint on free text.
        type(*editor, QStringLiteral("phone"), QStringLiteral("12ab"));
        QCOMPARE(message(*editor, QStringLiteral("phone")),
                 QStringLiteral("8 to 15 digits, optionally starting with +."));
        type(*editor, QStringLiteral("phone"), QStringLiteral("+260971234567"));
        QCOMPARE(message(*editor, QStringLiteral("phone")), QString());
    }

    void calculationsUpdate()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        choose(*editor, QStringLiteral("consent"), QStringLiteral("yes"));
        QCOMPARE(editor->record().values.value(QStringLiteral("member_count")), QJsonValue(1));
        editor->repeat(QStringLiteral("members"))->addButton()->click();
        QCOMPARE(editor->record().values.value(QStringLiteral("member_count")), QJsonValue(2));
        const QJsonArray members =
            editor->record().values.value(QStringLiteral("members")).toArray();
        QCOMPARE(members.at(1).toObject().value(QStringLiteral("member_number")), QJsonValue(2));
    }

    void autosaveWritesADraft()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        const QUuid id = editor->record().id;
        QVERIFY(!editor->isPersisted()); // opening a new record writes nothing
        type(*editor, QStringLiteral("enumerator"), QStringLiteral("Amina"));
        QVERIFY(editor->hasUnsavedChanges());
        QVERIFY(!editor->isPersisted()); // debounced: not on every key stroke
        QTRY_VERIFY_WITH_TIMEOUT(editor->isPersisted() && !editor->hasUnsavedChanges(),
                                 RecordEditor::kAutosaveDelayMs + 2000);

        // What a restarted app reads: a new connection, while this editor is still open
        // (no destructor has run: a kill at this moment loses nothing).
        {
            auto other = m_fixture.reopen();
            QVERIFY(other);
            auto stored = other->record(id);
            QVERIFY(stored.ok());
            QCOMPARE(stored->state, RecordState::Draft);
            QCOMPARE(stored->formId, QStringLiteral("household_health"));
            QCOMPARE(stored->values.value(QStringLiteral("enumerator")),
                     QJsonValue(QStringLiteral("Amina")));
        }

        // A later change is written too, again without leaving the editor.
        type(*editor, QStringLiteral("comments"), QStringLiteral("Friendly"));
        QTRY_VERIFY_WITH_TIMEOUT(!editor->hasUnsavedChanges(),
                                 RecordEditor::kAutosaveDelayMs + 2000);
        auto other = m_fixture.reopen();
        QVERIFY(other);
        QCOMPARE(other->record(id)->values.value(QStringLiteral("comments")),
                 QJsonValue(QStringLiteral("Friendly")));
    }

    void destroyingTheEditorKeepsTheLastChange()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        const QUuid id = editor->record().id;
        type(*editor, QStringLiteral("enumerator"), QStringLiteral("Kept"));
        QVERIFY(editor->hasUnsavedChanges());
        editor.reset(); // no Back, no save: the window closed, or the app locked
        auto other = m_fixture.reopen();
        QVERIFY(other);
        auto stored = other->record(id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->values.value(QStringLiteral("enumerator")),
                 QJsonValue(QStringLiteral("Kept")));
    }

    void untouchedNewRecordIsNotStored()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        const QUuid id = editor->record().id;
        editor->close();
        editor.reset();
        QCOMPARE(m_fixture.store->record(id).error().code, QStringLiteral("record_not_found"));
    }

    void finalizeOnlyWhenValid()
    {
        auto editor = newEditor(QStringLiteral("agriculture_plot"));
        QVERIFY(editor);
        const QUuid id = editor->record().id;
        type(*editor, QStringLiteral("farmer_id"), QStringLiteral("123"));

        QVERIFY(!editor->finalize());
        auto *banner = editor->findChild<QLabel *>(QStringLiteral("banner"));
        QVERIFY(banner && !banner->isHidden());
        QVERIFY(banner->text().contains(QStringLiteral("need attention")));
        // Every problem is now beside its field, required ones included.
        QCOMPARE(message(*editor, QStringLiteral("farmer_name")),
                 QStringLiteral("This field is required."));
        QCOMPARE(message(*editor, QStringLiteral("farmer_id")),
                 QStringLiteral("Format 123456/78/9."));
        QCOMPARE(message(*editor, QStringLiteral("plots[1].crops[1].crop")),
                 QStringLiteral("This field is required."));
        QCOMPARE(editor->record().state, RecordState::Draft);
        QVERIFY(editor->isEditable());

        fillPlot(*editor);
        type(*editor, QStringLiteral("farmer_id"), QStringLiteral("123456/78/9"));
        // A value for a field that then stops being relevant: the draft keeps it...
        choose(*editor, QStringLiteral("plots[1].crops[1].crop"), QStringLiteral("other"));
        type(*editor, QStringLiteral("plots[1].crops[1].crop_other"), QStringLiteral("sorghum"));
        choose(*editor, QStringLiteral("plots[1].crops[1].crop"), QStringLiteral("maize"));
        QVERIFY(editor->save());
        auto draft = m_fixture.reopen()->record(id);
        QVERIFY(draft.ok());
        const auto crop = [](const Record &record) {
            return record.values.value(QStringLiteral("plots"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("crops"))
                .toArray()
                .at(0)
                .toObject();
        };
        QCOMPARE(crop(*draft).value(QStringLiteral("crop_other")),
                 QJsonValue(QStringLiteral("sorghum")));

        QVERIFY(editor->finalize());
        QCOMPARE(editor->record().state, RecordState::Finalized);
        auto stored = m_fixture.reopen()->record(id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->state, RecordState::Finalized);
        // ...finalizing prunes it (docs/forms.md).
        QVERIFY(!crop(*stored).contains(QStringLiteral("crop_other")));
        QCOMPARE(crop(*stored).value(QStringLiteral("crop")), QJsonValue(QStringLiteral("maize")));
        QCOMPARE(stored->values.value(QStringLiteral("farmer_name")),
                 QJsonValue(QStringLiteral("Joseph Banda")));

        // Read-only from now on.
        QVERIFY(!editor->isEditable());
        QVERIFY(editor->findChild<QPushButton *>(QStringLiteral("finalize"))->isHidden());
        auto *name = editor->row(QStringLiteral("farmer_name"))->findChild<QLineEdit *>();
        QVERIFY(name && name->isReadOnly());
        QVERIFY(editor->repeat(QStringLiteral("plots"))->addButton()->isHidden());
        QVERIFY(!editor->finalize());
    }

    void repeatInstancesAddAndRemove()
    {
        auto editor = newEditor(QStringLiteral("agriculture_plot"));
        QVERIFY(editor);
        RepeatWidget *crops = editor->repeat(QStringLiteral("plots[1].crops"));
        QVERIFY(crops);
        QCOMPARE(crops->instanceCount(), 1); // min_count
        auto removeButton = [&editor](int instance) {
            auto *frame = editor->findChild<QWidget *>(
                QStringLiteral("instance:plots[1].crops[%1]").arg(instance));
            return frame ? frame->findChild<QPushButton *>(QStringLiteral("remove")) : nullptr;
        };
        QVERIFY(!removeButton(1)->isEnabled()); // not below min_count

        crops->addButton()->click();
        QCOMPARE(crops->instanceCount(), 2);
        QVERIFY(editor->row(QStringLiteral("plots[1].crops[2].crop_area")));
        type(*editor, QStringLiteral("plots[1].crops[2].crop_other"), QStringLiteral("x"));
        choose(*editor, QStringLiteral("plots[1].crops[2].crop"), QStringLiteral("beans"));
        QCOMPARE(editor->record()
                     .values.value(QStringLiteral("plots"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("crops"))
                     .toArray()
                     .size(),
                 2);

        // Removing the empty first one asks nothing; the second becomes the first.
        removeButton(1)->click();
        QCOMPARE(crops->instanceCount(), 1);
        QVERIFY(!editor->row(QStringLiteral("plots[1].crops[2].crop")));
        const QJsonArray left = editor->record()
                                    .values.value(QStringLiteral("plots"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QStringLiteral("crops"))
                                    .toArray();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.at(0).toObject().value(QStringLiteral("crop")),
                 QJsonValue(QStringLiteral("beans")));

        // Up to max_count (10), then Add is disabled.
        for (int i = 1; i < 10; ++i)
            crops->addButton()->click();
        QCOMPARE(crops->instanceCount(), 10);
        QVERIFY(!crops->addButton()->isEnabled());

        // An instance with answers: asks first; Cancel keeps it, confirming removes it.
        auto answer = answerNextConfirmation(QStringLiteral("confirmRemoveInstance"),
                                             QStringLiteral("cancel"));
        removeButton(1)->click();
        QVERIFY(*answer);
        QCOMPARE(crops->instanceCount(), 10);
        answer = answerNextConfirmation(QStringLiteral("confirmRemoveInstance"),
                                        QStringLiteral("confirm"));
        removeButton(1)->click();
        QVERIFY(*answer);
        QCOMPARE(crops->instanceCount(), 9);
        QVERIFY(crops->addButton()->isEnabled());
    }

    void rejectedRecordCanBeReopened()
    {
        auto form = RecordEditor::loadForm(*m_fixture.store, QStringLiteral("agriculture_plot"));
        QVERIFY(form.ok());
        {
            auto editor = newEditor(QStringLiteral("agriculture_plot"));
            fillPlot(*editor);
            QVERIFY(editor->finalize());
            // The server acknowledges the pushes, then a supervisor rejects the record and
            // the decision arrives with a pull.
            const QUuid recordId = editor->record().id;
            qint64 version = 0;
            auto pending = m_fixture.store->pendingOperations(-1);
            QVERIFY(pending.ok());
            for (const OutboxEntry &entry : *pending) {
                if (entry.operation.entityId == recordId)
                    QVERIFY(m_fixture.store->markApplied(entry.operation.opId, ++version).ok());
            }
            auto rejected =
                RecordLifecycle::review(*m_fixture.store->record(recordId), RecordState::Rejected,
                                        QStringLiteral("Check the plot area."));
            QVERIFY(rejected.ok());
            rejected->serverVersion = version + 1;
            ServerChanges pulled;
            pulled.records = {*rejected};
            pulled.cursor = QStringLiteral("1");
            QVERIFY(m_fixture.store->applyServerChanges(pulled).ok());
            m_fixture.store->setProperty("lastId", editor->record().id);
        }
        const QUuid id = m_fixture.store->property("lastId").toUuid();
        auto record = m_fixture.store->record(id);
        QVERIFY(record.ok());
        QCOMPARE(record->state, RecordState::Rejected);
        RecordEditor editor(m_fixture.store.get(), *form, *record, true);
        editor.show();
        QVERIFY(!editor.isEditable());
        auto *reopen = editor.findChild<QPushButton *>(QStringLiteral("reopen"));
        QVERIFY(reopen && !reopen->isHidden());
        QVERIFY(editor.findChild<QLabel *>(QStringLiteral("banner"))
                    ->text()
                    .contains(QStringLiteral("Check the plot area.")));
        reopen->click();
        QVERIFY(editor.isEditable());
        QCOMPARE(m_fixture.store->record(id)->state, RecordState::Draft);
        type(editor, QStringLiteral("plots[1].plot_area"), QStringLiteral("3"));
        QVERIFY(editor.save());
        QCOMPARE(m_fixture.store->record(id)
                     ->values.value(QStringLiteral("plots"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("plot_area")),
                 QJsonValue(3));
    }

    void languageSwitch()
    {
        auto editor = newEditor(QStringLiteral("household_health"));
        QVERIFY(editor);
        auto *languages = editor->findChild<QComboBox *>(QStringLiteral("language"));
        QVERIFY(languages && !languages->isHidden());
        QCOMPARE(editor->language(), QStringLiteral("en"));
        auto label = [&editor] {
            return editor->row(QStringLiteral("consent"))
                ->findChild<QLabel *>(QStringLiteral("label"))
                ->text();
        };
        QVERIFY(label().startsWith(QStringLiteral("Does the household agree")));
        type(*editor, QStringLiteral("enumerator"), QStringLiteral("Amina"));
        editor->setLanguage(QStringLiteral("fr"));
        QVERIFY(label().startsWith(QStringLiteral("Le ménage accepte-t-il")));
        // Answers survive the switch.
        QCOMPARE(editor->row(QStringLiteral("enumerator"))->input()->value(),
                 QJsonValue(QStringLiteral("Amina")));
        // A form without languages has no switch.
        auto plain = newEditor(QStringLiteral("agriculture_plot"));
        QVERIFY(plain->findChild<QComboBox *>(QStringLiteral("language"))->isHidden());
    }
};

QTEST_MAIN(TestRecordEditor)
#include "tst_recordeditor.moc"
