// The record editor on a form with repeat_count expressions, dynamic defaults and choice
// filters (tests/core/dynamicform.h): count-driven repeats follow the count as the person
// types, without Add / Remove buttons; filtered selects list only the offered choices; a
// real encrypted store, offscreen.
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QtTest>

#include "../core/dynamicform.h"
#include "choicefield.h"
#include "editorfixture.h"
#include "fieldrow.h"
#include "recordeditor.h"
#include "recordfactory.h"
#include "repeatwidget.h"

using namespace outpost;
using namespace outpost::ui;
using namespace outpost::ui::test;

namespace {

// A select_one with more choices than radio buttons show, filtered by a region.
const char kCities[] = R"J({
  "id": "cities", "version": 1, "title": "Cities",
  "choices": {
    "region": [{"name": "north", "label": "North"}, {"name": "south", "label": "South"}],
    "city": [{"name": "n1", "label": "N1"}, {"name": "n2", "label": "N2"}, {"name": "n3", "label": "N3"},
             {"name": "s1", "label": "S1"}, {"name": "s2", "label": "S2"}, {"name": "s3", "label": "S3"},
             {"name": "s4", "label": "S4"}]
  },
  "fields": [
    {"name": "region", "type": "select_one", "choices": "region", "label": "Region"},
    {"name": "city", "type": "select_one", "choices": "city", "label": "City",
     "choice_filter": "(selected('n1 n2 n3', .) and ${region} = 'north') or (selected('s1 s2 s3 s4', .) and ${region} = 'south')"}
  ]
})J";

QStringList comboNames(QComboBox *combo)
{
    QStringList names;
    for (int i = 1; i < combo->count(); ++i)
        names.append(combo->itemData(i).toString());
    return names;
}

} // namespace

class TestRecordEditorDynamic : public QObject
{
    Q_OBJECT

    EditorFixture m_fixture;
    FormDefinition m_form;
    std::unique_ptr<RecordEditor> m_editor;

    QJsonValue value(const QString &name) const { return m_editor->record().values.value(name); }
    int members() const { return value(QStringLiteral("members")).toArray().size(); }

    template<typename T> T *control(const QString &path, const QString &name)
    {
        FieldRow *row = m_editor->row(path);
        return row ? row->findChild<T *>(name) : nullptr;
    }

    // Replaces what the line edit of `path` holds by `text`, key by key.
    void type(const QString &path, const QString &text)
    {
        auto *edit = control<QLineEdit>(path, QStringLiteral("input"));
        QVERIFY2(edit, qPrintable(path));
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

    // The choices shown by the radio buttons or check boxes of `path`.
    template<typename T> QStringList shown(const QString &path)
    {
        QStringList names;
        for (T *box : m_editor->row(path)->findChildren<T *>()) {
            if (!box->isHidden())
                names.append(box->objectName().section(u':', 1));
        }
        return names;
    }

    void open(const FormDefinition &form)
    {
        m_editor = std::make_unique<RecordEditor>(m_fixture.store.get(), form,
                                                  RecordFactory::create(form), false);
        m_editor->resize(1280, 800);
        m_editor->show();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fixture.open());
        auto form = FormDefinition::fromJson(outpost::test::dynamicFormJson());
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        m_form = *form;
    }

    void init() { open(m_form); }
    void cleanup() { m_editor.reset(); }

    void dynamicDefaultsAreShown()
    {
        QCOMPARE(value(QStringLiteral("visit_day")),
                 QJsonValue(QDate::currentDate().toString(Qt::ISODate)));
        QCOMPARE(control<QLineEdit>(QStringLiteral("n_plus"), QStringLiteral("input"))->text(),
                 QStringLiteral("3"));
        QCOMPARE(control<QLineEdit>(QStringLiteral("members[2].number"), QStringLiteral("input"))
                     ->text(),
                 QStringLiteral("2"));
    }

    void repeatFollowsTheCountAsThePersonTypes()
    {
        RepeatWidget *repeat = m_editor->repeat(QStringLiteral("members"));
        QVERIFY(repeat);
        QCOMPARE(repeat->instanceCount(), 2);
        // The count decides: no Add, no Remove, a note instead.
        QVERIFY(repeat->addButton()->isHidden());
        for (QPushButton *remove : repeat->removeButtons())
            QVERIFY(remove->isHidden());
        QVERIFY(!repeat->findChild<QLabel *>(QStringLiteral("countNote"))->isHidden());

        type(QStringLiteral("members[2].name"), QStringLiteral("Otieno"));
        QLineEdit *countEdit = control<QLineEdit>(QStringLiteral("n"), QStringLiteral("input"));
        type(QStringLiteral("n"), QStringLiteral("4"));
        repeat = m_editor->repeat(QStringLiteral("members"));
        QCOMPARE(repeat->instanceCount(), 4);
        QCOMPARE(members(), 4);
        QVERIFY(m_editor->row(QStringLiteral("members[4].name")));
        QCOMPARE(control<QLineEdit>(QStringLiteral("members[4].number"), QStringLiteral("input"))
                     ->text(),
                 QStringLiteral("4")); // its dynamic default: position(..)
        // The field being typed in is not rebuilt (it keeps focus and cursor) while the
        // repeat changes below it.
        QCOMPARE(control<QLineEdit>(QStringLiteral("n"), QStringLiteral("input")), countEdit);

        // 4 -> 1 -> 12 -> 1 -> 3: instances removed by a lower count come back with their
        // answers.
        type(QStringLiteral("n"), QStringLiteral("1"));
        QCOMPARE(m_editor->repeat(QStringLiteral("members"))->instanceCount(), 1);
        QVERIFY(!m_editor->row(QStringLiteral("members[2].name")));
        QTest::keyClicks(control<QLineEdit>(QStringLiteral("n"), QStringLiteral("input")),
                         QStringLiteral("2"));
        QCOMPARE(m_editor->repeat(QStringLiteral("members"))->instanceCount(), 12);
        type(QStringLiteral("n"), QStringLiteral("3"));
        QCOMPARE(m_editor->repeat(QStringLiteral("members"))->instanceCount(), 3);
        QCOMPARE(
            control<QLineEdit>(QStringLiteral("members[2].name"), QStringLiteral("input"))->text(),
            QStringLiteral("Otieno"));
        QCOMPARE(value(QStringLiteral("members")).toArray().at(1).toObject().value("name"),
                 QJsonValue("Otieno"));
        // Emptied: no instance, and no validation issue for the count.
        type(QStringLiteral("n"), QString());
        QCOMPARE(m_editor->repeat(QStringLiteral("members"))->instanceCount(), 0);
        QVERIFY(m_editor->repeat(QStringLiteral("members"))->message().isEmpty());

        // The values are saved with the instances the count asks for.
        QVERIFY(m_editor->save());
        type(QStringLiteral("n"), QStringLiteral("2"));
        QVERIFY(m_editor->save());
        auto stored = m_fixture.reopen()->record(m_editor->record().id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->values.value("members").toArray().size(), 2);
    }

    void countSelectedDrivesARepeat()
    {
        QVERIFY(!m_editor->repeat(QStringLiteral("tasks")) ||
                m_editor->repeat(QStringLiteral("tasks"))->instanceCount() == 0);
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:apple"))->click();
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:mango"))->click();
        QCOMPARE(m_editor->repeat(QStringLiteral("tasks"))->instanceCount(), 2);
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:apple"))->click();
        QCOMPARE(m_editor->repeat(QStringLiteral("tasks"))->instanceCount(), 1);
    }

    void nestedRepeatFollowsItsInstance()
    {
        RepeatWidget *plots = m_editor->repeat(QStringLiteral("plots"));
        QVERIFY(!plots->addButton()->isHidden()); // an ordinary repeat keeps its buttons
        plots->addButton()->click();
        QCOMPARE(m_editor->repeat(QStringLiteral("plots[1].crops"))->instanceCount(), 1);
        QCOMPARE(
            control<QLineEdit>(QStringLiteral("plots[1].crops[1].crop"), QStringLiteral("input"))
                ->text(),
            QStringLiteral("crop 10.1"));
        type(QStringLiteral("plots[1].n_crops"), QStringLiteral("3"));
        QCOMPARE(m_editor->repeat(QStringLiteral("plots[1].crops"))->instanceCount(), 3);
        QCOMPARE(value(QStringLiteral("second_crop")), QJsonValue("crop 10.2"));
    }

    void filteredChoicesFollowTheAnswers()
    {
        // Nothing liked yet: best offers nothing, also offers everything.
        QCOMPARE(shown<QRadioButton>(QStringLiteral("best")), QStringList());
        QCOMPARE(shown<QCheckBox>(QStringLiteral("also")),
                 (QStringList{"apple", "banana", "mango", "kiwi"}));
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:apple"))->click();
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:kiwi"))->click();
        QCOMPARE(shown<QRadioButton>(QStringLiteral("best")), (QStringList{"apple", "kiwi"}));
        QCOMPARE(shown<QCheckBox>(QStringLiteral("also")), (QStringList{"banana", "mango"}));

        // A chosen answer that stops being offered stays, with the reason beside it.
        control<QRadioButton>(QStringLiteral("best"), QStringLiteral("choice:kiwi"))->click();
        control<QCheckBox>(QStringLiteral("also"), QStringLiteral("choice:mango"))->click();
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:kiwi"))->click();
        control<QCheckBox>(QStringLiteral("liked"), QStringLiteral("choice:mango"))->click();
        QCOMPARE(value(QStringLiteral("best")), QJsonValue("kiwi"));
        QCOMPARE(shown<QRadioButton>(QStringLiteral("best")),
                 (QStringList{"apple", "mango", "kiwi"}));
        QCOMPARE(m_editor->row(QStringLiteral("best"))->message(),
                 QStringLiteral("\"kiwi\" is not among the choices offered for the other "
                                "answers."));
        QCOMPARE(shown<QCheckBox>(QStringLiteral("also")),
                 (QStringList{"banana", "mango", "kiwi"}));
        QVERIFY(!m_editor->row(QStringLiteral("also"))->message().isEmpty());
        // Choosing an offered one clears the message; the unoffered one disappears.
        control<QRadioButton>(QStringLiteral("best"), QStringLiteral("choice:apple"))->click();
        QCOMPARE(shown<QRadioButton>(QStringLiteral("best")), (QStringList{"apple", "mango"}));
        QVERIFY(m_editor->row(QStringLiteral("best"))->message().isEmpty());
        QVERIFY(!m_editor->finalize()); // "also" still holds mango, which is liked now
    }

    void longFilteredListInACombo()
    {
        auto form = FormDefinition::fromJson(QByteArray(kCities));
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        open(*form);
        auto *combo = control<QComboBox>(QStringLiteral("city"), QStringLiteral("input"));
        QVERIFY(combo);
        QCOMPARE(comboNames(combo), QStringList());
        control<QRadioButton>(QStringLiteral("region"), QStringLiteral("choice:south"))->click();
        QCOMPARE(comboNames(combo), (QStringList{"s1", "s2", "s3", "s4"}));
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(value(QStringLiteral("city")), QJsonValue("s2"));
        control<QRadioButton>(QStringLiteral("region"), QStringLiteral("choice:north"))->click();
        QCOMPARE(comboNames(combo), (QStringList{"n1", "n2", "n3", "s2"}));
        QCOMPARE(combo->currentText(), QStringLiteral("S2 (not offered)"));
        QCOMPARE(value(QStringLiteral("city")), QJsonValue("s2")); // kept, not dropped
        QVERIFY(!m_editor->row(QStringLiteral("city"))->message().isEmpty());
        QVERIFY(!m_editor->finalize());
    }
};

QTEST_MAIN(TestRecordEditorDynamic)
#include "tst_recordeditor_dynamic.moc"
