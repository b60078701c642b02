// Metadata fields (XLSForm start, end, today, username, deviceid) are filled by the app,
// never shown: start/today/username at creation, end at finalization.
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QtTest>

#include "fieldrow.h"
#include "homepage.h"
#include "localstore.h"
#include "recordeditor.h"

using namespace outpost;
using namespace outpost::ui;

class TestEditorMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filledNotShown()
    {
        QTemporaryDir dir;
        auto store =
            LocalStore::create(StoreLocation::inDirectory(dir.path()),
                               QStringLiteral("a passphrase"), StoreOptions::fastForTests());
        QVERIFY(store.ok());
        const QJsonObject form{
            {QStringLiteral("id"), QStringLiteral("visit")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("title"), QStringLiteral("Visit")},
            {QStringLiteral("fields"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("started")},
                                    {QStringLiteral("type"), QStringLiteral("datetime")},
                                    {QStringLiteral("metadata"), QStringLiteral("start")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("ended")},
                                    {QStringLiteral("type"), QStringLiteral("datetime")},
                                    {QStringLiteral("metadata"), QStringLiteral("end")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("day")},
                                    {QStringLiteral("type"), QStringLiteral("date")},
                                    {QStringLiteral("metadata"), QStringLiteral("today")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("note")},
                                    {QStringLiteral("label"), QStringLiteral("Note")},
                                    {QStringLiteral("type"), QStringLiteral("text")},
                                    {QStringLiteral("required"), true}}}}};
        const QByteArray json = QJsonDocument(form).toJson();
        QVERIFY(
            (*store)->saveForm({QStringLiteral("visit"), 1, QStringLiteral("Visit"), json}).ok());

        HomePage page(store->get());
        RecordEditor *editor = page.newRecord(QStringLiteral("visit"));
        QVERIFY(editor);
        // Only the question is shown.
        QStringList shown;
        for (FieldRow *row : editor->findChildren<FieldRow *>())
            shown << row->path();
        QCOMPARE(shown, QStringList{QStringLiteral("note")});
        QVERIFY(editor->record().values.value(QStringLiteral("started")).isString());
        QCOMPARE(editor->record().values.value(QStringLiteral("day")).toString(),
                 QDate::currentDate().toString(Qt::ISODate));
        QVERIFY(!editor->record().values.contains(QStringLiteral("ended")));

        auto *noteEdit = editor->row(QStringLiteral("note"))->findChild<QLineEdit *>();
        QVERIFY(noteEdit);
        QTest::keyClicks(noteEdit, QStringLiteral("seen"));
        const bool finalized = editor->finalize();
        QVERIFY2(finalized,
                 qPrintable(editor->findChild<QLabel *>(QStringLiteral("banner"))->text()));
        auto stored = (*store)->record(editor->record().id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->state, RecordState::Finalized);
        const QDateTime started = QDateTime::fromString(
            stored->values.value(QStringLiteral("started")).toString(), Qt::ISODate);
        const QDateTime ended = QDateTime::fromString(
            stored->values.value(QStringLiteral("ended")).toString(), Qt::ISODate);
        QVERIFY(started.isValid());
        QVERIFY(ended.isValid());
        QVERIFY(started <= ended);
    }
};

QTEST_MAIN(TestEditorMetadata)
#include "tst_editormetadata.moc"
