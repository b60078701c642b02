// Every field type's widget in the record editor produces the value shape docs/forms.md gives
// for it (checked with core's FieldValue::check, the validator's own shape check), on a real
// encrypted store; photo/file fields import into the store encrypted and show a thumbnail.
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QDirIterator>
#include <QGroupBox>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QtTest>

#include "attachmentfield.h"
#include "choicefield.h"
#include "editorfixture.h"
#include "fieldrow.h"
#include "fieldvalue.h"
#include "fieldwidget.h"
#include "recordeditor.h"
#include "recordfactory.h"

using namespace outpost;
using namespace outpost::ui;
using namespace outpost::ui::test;

namespace {

const char kAllTypes[] = R"({
  "id": "all_types", "version": 1, "title": "All types",
  "choices": {
    "short": [{"name": "a", "label": "A"}, {"name": "b", "label": "B"}],
    "long": [{"name": "c1", "label": "C1"}, {"name": "c2", "label": "C2"},
             {"name": "c3", "label": "C3"}, {"name": "c4", "label": "C4"},
             {"name": "c5", "label": "C5"}, {"name": "c6", "label": "C6"},
             {"name": "c7", "label": "C7"}]
  },
  "fields": [
    {"name": "t", "type": "text", "label": "Text"},
    {"name": "i", "type": "integer", "label": "Integer"},
    {"name": "d", "type": "decimal", "label": "Decimal"},
    {"name": "day", "type": "date", "label": "Date"},
    {"name": "moment", "type": "datetime", "label": "Date and time"},
    {"name": "clock", "type": "time", "label": "Time"},
    {"name": "one", "type": "select_one", "choices": "short", "label": "One"},
    {"name": "one_of_many", "type": "select_one", "choices": "long", "label": "One of many"},
    {"name": "several", "type": "select_multiple", "choices": "short", "label": "Several"},
    {"name": "where", "type": "geopoint", "label": "Where"},
    {"name": "pic", "type": "photo", "label": "Photo"},
    {"name": "doc", "type": "file", "label": "File"},
    {"name": "info", "type": "note", "label": "Read this"},
    {"name": "twice", "type": "calculate", "calculation": "${i} * 2"},
    {"name": "g", "type": "group", "label": "Section",
     "fields": [{"name": "inside", "type": "text", "label": "Inside"}]}
  ]
})";

} // namespace

class TestFieldWidgets : public QObject
{
    Q_OBJECT

    EditorFixture m_fixture;
    FormDefinition m_form;
    std::unique_ptr<RecordEditor> m_editor;

    QJsonValue value(const QString &name) const { return m_editor->record().values.value(name); }

    // The value is non-empty and has the shape docs/forms.md gives for the field's type.
    void verifyShape(const QString &name)
    {
        const FieldDefinition *field = m_form.field(name);
        QVERIFY(field);
        const QJsonValue stored = value(name);
        QVERIFY2(!FieldValue::isEmpty(stored), qPrintable(name));
        const auto problem = FieldValue::check(*field, m_form.choicesOf(*field), stored);
        QVERIFY2(!problem, qPrintable(problem ? problem->message : QString()));
    }

    template<typename T> T *control(const QString &path, const QString &name)
    {
        FieldRow *row = m_editor->row(path);
        return row ? row->findChild<T *>(name) : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fixture.open());
        auto form = FormDefinition::fromJson(QByteArray(kAllTypes));
        QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message));
        m_form = *form;
    }

    void init()
    {
        m_editor = std::make_unique<RecordEditor>(m_fixture.store.get(), m_form,
                                                  RecordFactory::create(m_form), false);
        m_editor->resize(1280, 800);
        m_editor->show();
    }

    void cleanup() { m_editor.reset(); }

    void textIsAString()
    {
        auto *edit = control<QLineEdit>(QStringLiteral("t"), QStringLiteral("input"));
        QVERIFY(edit);
        QTest::keyClicks(edit, QStringLiteral("Ruth"));
        QCOMPARE(value(QStringLiteral("t")), QJsonValue(QStringLiteral("Ruth")));
        verifyShape(QStringLiteral("t"));
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QVERIFY(value(QStringLiteral("t")).isUndefined()); // unanswered: the member goes
    }

    void numbersFollowTheLocale()
    {
        m_editor.reset();
        QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
        init();
        auto *integer = control<QLineEdit>(QStringLiteral("i"), QStringLiteral("input"));
        auto *decimal = control<QLineEdit>(QStringLiteral("d"), QStringLiteral("input"));
        QVERIFY(integer && decimal);
        QTest::keyClicks(decimal, QStringLiteral("3,25"));
        QCOMPARE(value(QStringLiteral("d")), QJsonValue(3.25));
        verifyShape(QStringLiteral("d"));
        QTest::keyClicks(integer, QStringLiteral("12"));
        QCOMPARE(value(QStringLiteral("i")), QJsonValue(12));
        verifyShape(QStringLiteral("i"));
        QCOMPARE(value(QStringLiteral("twice")), QJsonValue(24)); // the calculation follows

        // Not a whole number: no value, and the row says why.
        QTest::keyClicks(integer, QStringLiteral(",5"));
        QVERIFY(value(QStringLiteral("i")).isUndefined());
        QCOMPARE(m_editor->row(QStringLiteral("i"))->message(),
                 QStringLiteral("Enter a whole number."));
        QLocale::setDefault(QLocale::c());
    }

    void datesAndTimes()
    {
        for (const QString &name :
             {QStringLiteral("day"), QStringLiteral("moment"), QStringLiteral("clock")}) {
            QVERIFY(value(name).isUndefined());
            auto *start = control<QPushButton>(name, QStringLiteral("start"));
            QVERIFY(start);
            start->click();
            verifyShape(name);
        }
        QCOMPARE(value(QStringLiteral("day")).toString(),
                 QDate::currentDate().toString(Qt::ISODate));
        // A datetime always carries its UTC offset.
        QVERIFY(QRegularExpression(
                    QStringLiteral(
                        "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?(Z|[+-]\\d\\d:\\d\\d)$"))
                    .match(value(QStringLiteral("moment")).toString())
                    .hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d$"))
                    .match(value(QStringLiteral("clock")).toString())
                    .hasMatch());
        // Changing the date in the editor changes the value.
        auto *dayEdit = control<QDateTimeEdit>(QStringLiteral("day"), QStringLiteral("input"));
        QVERIFY(dayEdit);
        dayEdit->setDate(QDate(2024, 5, 1));
        QCOMPARE(value(QStringLiteral("day")), QJsonValue(QStringLiteral("2024-05-01")));
        control<QPushButton>(QStringLiteral("day"), QStringLiteral("clear"))->click();
        QVERIFY(value(QStringLiteral("day")).isUndefined());
    }

    void selectOneAsRadiosOrCombo()
    {
        auto *shortList =
            qobject_cast<ChoiceField *>(m_editor->row(QStringLiteral("one"))->input());
        auto *longList =
            qobject_cast<ChoiceField *>(m_editor->row(QStringLiteral("one_of_many"))->input());
        QVERIFY(shortList && longList);
        QVERIFY(shortList->usesRadioButtons());
        QVERIFY(!longList->usesRadioButtons());

        control<QRadioButton>(QStringLiteral("one"), QStringLiteral("choice:b"))->click();
        QCOMPARE(value(QStringLiteral("one")), QJsonValue(QStringLiteral("b")));
        verifyShape(QStringLiteral("one"));
        control<QPushButton>(QStringLiteral("one"), QStringLiteral("clear"))->click();
        QVERIFY(value(QStringLiteral("one")).isUndefined());

        auto *combo = control<QComboBox>(QStringLiteral("one_of_many"), QStringLiteral("input"));
        QVERIFY(combo);
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(value(QStringLiteral("one_of_many")), QJsonValue(QStringLiteral("c2")));
        verifyShape(QStringLiteral("one_of_many"));
    }

    void selectMultipleIsAnArrayInListOrder()
    {
        control<QCheckBox>(QStringLiteral("several"), QStringLiteral("choice:b"))->click();
        control<QCheckBox>(QStringLiteral("several"), QStringLiteral("choice:a"))->click();
        QCOMPARE(value(QStringLiteral("several")),
                 QJsonValue(QJsonArray{QStringLiteral("a"), QStringLiteral("b")}));
        verifyShape(QStringLiteral("several"));
        control<QCheckBox>(QStringLiteral("several"), QStringLiteral("choice:a"))->click();
        control<QCheckBox>(QStringLiteral("several"), QStringLiteral("choice:b"))->click();
        QVERIFY(value(QStringLiteral("several")).isUndefined()); // [] is unanswered
    }

    void geopointTypedAndChecked()
    {
        const QString path = QStringLiteral("where");
        auto *lat = control<QLineEdit>(path, QStringLiteral("latitude"));
        auto *lon = control<QLineEdit>(path, QStringLiteral("longitude"));
        auto *accuracy = control<QLineEdit>(path, QStringLiteral("accuracy"));
        QVERIFY(lat && lon && accuracy);
        QTest::keyClicks(lat, QStringLiteral("-8.76"));
        QVERIFY(value(path).isUndefined()); // a latitude alone is no point
        QVERIFY(!m_editor->row(path)->message().isEmpty());
        QTest::keyClicks(lon, QStringLiteral("31.1"));
        QTest::keyClicks(accuracy, QStringLiteral("6"));
        QCOMPARE(value(path), QJsonValue(QJsonObject{{QStringLiteral("lat"), -8.76},
                                                     {QStringLiteral("lon"), 31.1},
                                                     {QStringLiteral("accuracy"), 6}}));
        verifyShape(path);
        QVERIFY(m_editor->row(path)->message().isEmpty());

        lat->setText(QString());
        QTest::keyClicks(lat, QStringLiteral("95"));
        QVERIFY(value(path).isUndefined()); // never a malformed value in the draft
        QVERIFY(m_editor->row(path)->message().contains(QStringLiteral("-90 and 90")));
    }

    void photoRoundTripAndThumbnail()
    {
        QTemporaryDir source;
        const QString path = source.filePath(QStringLiteral("house.png"));
        QImage image(64, 48, QImage::Format_RGB32);
        image.fill(QColor(200, 30, 30));
        QVERIFY(image.save(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray original = file.readAll();

        auto *photo =
            qobject_cast<AttachmentField *>(m_editor->row(QStringLiteral("pic"))->input());
        QVERIFY(photo);
        QVERIFY(photo->importFile(path));
        verifyShape(QStringLiteral("pic"));
        const auto ref = AttachmentRef::fromJson(value(QStringLiteral("pic")).toObject());
        QVERIFY(ref.ok());
        QCOMPARE(ref->mimeType, QStringLiteral("image/png"));
        QCOMPARE(ref->fileName, QStringLiteral("house.png"));
        QCOMPARE(ref->sizeBytes, original.size());

        // The bytes in the store are the source's, and no file in the store holds them
        // in plaintext.
        QBuffer exported;
        exported.open(QIODevice::WriteOnly);
        QVERIFY(m_fixture.store->exportAttachment(ref->id, exported).ok());
        QCOMPARE(exported.data(), original);
        QDirIterator files(m_fixture.dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile stored(files.next());
            QVERIFY(stored.open(QIODevice::ReadOnly));
            QVERIFY2(!stored.readAll().contains(original), qPrintable(stored.fileName()));
        }

        // The thumbnail is decoded from the encrypted copy and shown.
        QTRY_VERIFY(!photo->thumbnail().isNull());
        QCOMPARE(photo->thumbnail().pixelColor(10, 10), QColor(200, 30, 30));
        auto *preview = photo->findChild<QLabel *>(QStringLiteral("thumbnail"));
        QVERIFY(preview && !preview->pixmap().isNull());

        // A photo field takes pictures only; a file field takes anything.
        const QString textPath = source.filePath(QStringLiteral("notes.txt"));
        QFile text(textPath);
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("field notes\n");
        text.close();
        QVERIFY(!photo->importFile(textPath));
        QVERIFY(!m_editor->row(QStringLiteral("pic"))->message().isEmpty());
        QCOMPARE(AttachmentRef::fromJson(value(QStringLiteral("pic")).toObject())->id, ref->id);
        auto *doc = qobject_cast<AttachmentField *>(m_editor->row(QStringLiteral("doc"))->input());
        QVERIFY(doc->importFile(textPath));
        verifyShape(QStringLiteral("doc"));
        QCOMPARE(value(QStringLiteral("doc")).toObject().value(QStringLiteral("type")),
                 QJsonValue(QStringLiteral("text/plain")));
        photo->findChild<QPushButton *>(QStringLiteral("remove"))->click();
        QVERIFY(value(QStringLiteral("pic")).isUndefined());
    }

    void noteCalculateAndGroup()
    {
        FieldRow *note = m_editor->row(QStringLiteral("info"));
        QVERIFY(note);
        QVERIFY(!note->input());                          // text only
        QVERIFY(!m_editor->row(QStringLiteral("twice"))); // calculations are not shown
        auto *section = m_editor->findChild<QGroupBox *>(QStringLiteral("group:g"));
        QVERIFY(section);
        QCOMPARE(section->title(), QStringLiteral("Section"));
        // A group's child lives in the record's scope.
        auto *inside = control<QLineEdit>(QStringLiteral("inside"), QStringLiteral("input"));
        QVERIFY(inside && section->isAncestorOf(inside));
        QTest::keyClicks(inside, QStringLiteral("x"));
        QCOMPARE(value(QStringLiteral("inside")), QJsonValue(QStringLiteral("x")));
    }
};

QTEST_MAIN(TestFieldWidgets)
#include "tst_fieldwidgets.moc"
