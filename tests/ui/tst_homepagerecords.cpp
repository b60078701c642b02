// The home page's record actions on a real store: "New record" for the chosen form, open a
// record by activating its row (Enter), back to the list, delete with confirmation (Cancel
// keeps it; confirming soft-deletes it and queues a delete). Also renders the editor at
// 1280x800 (scripts/screenshots.sh makes the documentation's pictures).
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QTableView>
#include <QtTest>

#include "editorfixture.h"
#include "fieldrow.h"
#include "homepage.h"
#include "recordeditor.h"
#include "recordlistmodel.h"
#include "theme.h"

using namespace outpost;
using namespace outpost::ui;
using namespace outpost::ui::test;

class TestHomePageRecords : public QObject
{
    Q_OBJECT

    EditorFixture m_fixture;

    static void chooseForm(HomePage &page, const QString &formId)
    {
        auto *forms = page.findChild<QListWidget *>(QStringLiteral("forms"));
        for (int row = 0; row < forms->count(); ++row) {
            if (forms->item(row)->data(Qt::UserRole).toString() == formId)
                forms->setCurrentRow(row);
        }
        QCOMPARE(page.currentFormId(), formId);
    }

    static QUuid makeDraft(HomePage &page, const QString &enumerator)
    {
        chooseForm(page, QStringLiteral("household_health"));
        page.findChild<QPushButton *>(QStringLiteral("newRecord"))->click();
        RecordEditor *editor = page.editor();
        if (!editor)
            return {};
        auto *edit = editor->row(QStringLiteral("enumerator"))->findChild<QLineEdit *>();
        QTest::keyClicks(edit, enumerator);
        const QUuid id = editor->record().id;
        editor->findChild<QPushButton *>(QStringLiteral("back"))->click();
        return id;
    }

    static int rowOf(HomePage &page, const QUuid &id)
    {
        RecordListModel *model = page.recordModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(RecordListModel::RecordIdRole).toUuid() == id)
                return row;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<RecordEditor *>();
        QVERIFY(m_fixture.open());
    }

    void newRecordThenBackToTheList()
    {
        HomePage page(m_fixture.store.get());
        page.resize(1280, 800);
        page.show();
        chooseForm(page, QStringLiteral("household_health"));
        const int before = page.recordModel()->totalCount();
        QSignalSpy opened(&page, &HomePage::editorOpened);
        page.findChild<QPushButton *>(QStringLiteral("newRecord"))->click();
        QCOMPARE(opened.size(), 1);
        RecordEditor *editor = page.editor();
        QVERIFY(editor);
        QCOMPARE(page.findChild<QStackedWidget *>()->currentWidget(), editor);
        QCOMPARE(editor->record().formId, QStringLiteral("household_health"));
        QTest::keyClicks(editor->row(QStringLiteral("enumerator"))->findChild<QLineEdit *>(),
                         QStringLiteral("Grace"));
        const QUuid id = editor->record().id;

        // Back saves at once (no waiting for the autosave delay) and shows the list.
        editor->findChild<QPushButton *>(QStringLiteral("back"))->click();
        QVERIFY(!page.editor());
        QVERIFY(page.findChild<QTableView *>(QStringLiteral("records"))->isVisible());
        QCOMPARE(page.recordModel()->totalCount(), before + 1);
        QVERIFY(rowOf(page, id) >= 0);
        QCOMPARE(m_fixture.store->record(id)->values.value(QStringLiteral("enumerator")),
                 QJsonValue(QStringLiteral("Grace")));
    }

    void activatingARowOpensIt()
    {
        HomePage page(m_fixture.store.get());
        page.resize(1280, 800);
        page.show();
        const QUuid id = makeDraft(page, QStringLiteral("Opened"));
        QVERIFY(!id.isNull());
        auto *table = page.findChild<QTableView *>(QStringLiteral("records"));
        const int row = rowOf(page, id);
        QVERIFY(row >= 0);
        table->setFocus();
        table->setCurrentIndex(page.recordModel()->index(row, 0));
        QTest::keyClick(table, Qt::Key_Return); // keyboard: Enter activates the row
        RecordEditor *editor = page.editor();
        QVERIFY(editor);
        QCOMPARE(editor->record().id, id);
        QVERIFY(editor->isPersisted());
        auto *edit = editor->row(QStringLiteral("enumerator"))->findChild<QLineEdit *>();
        QCOMPARE(edit->text(), QStringLiteral("Opened"));
        page.showList();
        QVERIFY(!page.editor());
    }

    void deleteAsksThenSoftDeletes()
    {
        HomePage page(m_fixture.store.get());
        page.resize(1280, 800);
        page.show();
        const QUuid id = makeDraft(page, QStringLiteral("To delete"));
        auto *table = page.findChild<QTableView *>(QStringLiteral("records"));
        table->selectRow(rowOf(page, id));
        auto *remove = page.findChild<QPushButton *>(QStringLiteral("deleteRecord"));
        QVERIFY(remove->isEnabled());

        auto asked =
            answerNextConfirmation(QStringLiteral("confirmDelete"), QStringLiteral("cancel"));
        remove->click();
        QVERIFY(*asked);
        QVERIFY(!m_fixture.store->record(id)->deleted);
        QVERIFY(rowOf(page, id) >= 0);

        asked = answerNextConfirmation(QStringLiteral("confirmDelete"), QStringLiteral("confirm"));
        remove->click();
        QVERIFY(*asked);
        auto stored = m_fixture.store->record(id);
        QVERIFY(stored.ok()); // a tombstone, not gone
        QVERIFY(stored->deleted);
        QCOMPARE(rowOf(page, id), -1);
        bool queued = false;
        auto pending = m_fixture.store->pendingOperations(-1);
        QVERIFY(pending.ok());
        for (const OutboxEntry &entry : *pending)
            queued = queued || (entry.operation.entityId == id &&
                                entry.operation.kind == OperationKind::Delete);
        QVERIFY(queued);
    }

    void deleteFromTheEditor()
    {
        HomePage page(m_fixture.store.get());
        page.show();
        const QUuid id = makeDraft(page, QStringLiteral("Editor delete"));
        RecordEditor *editor = page.openRecord(id);
        QVERIFY(editor);
        QSignalSpy closed(&page, &HomePage::editorClosed);
        auto asked =
            answerNextConfirmation(QStringLiteral("confirmDelete"), QStringLiteral("confirm"));
        editor->findChild<QPushButton *>(QStringLiteral("delete"))->click();
        QVERIFY(*asked);
        QCOMPARE(closed.size(), 1);
        QVERIFY(!page.editor());
        QVERIFY(m_fixture.store->record(id)->deleted);
    }

    void finalizedRecordIsNotDeleted()
    {
        HomePage page(m_fixture.store.get());
        page.show();
        const QUuid id = makeDraft(page, QStringLiteral("Final"));
        Record record = *m_fixture.store->record(id);
        record.state = RecordState::Finalized; // as RecordLifecycle::finalize leaves it
        QVERIFY(m_fixture.store->updateRecord(record).ok());
        auto asked =
            answerNextConfirmation(QStringLiteral("confirmDelete"), QStringLiteral("confirm"));
        QVERIFY(!page.deleteRecord(id));
        QTest::qWait(50);
        QVERIFY(!*asked);
        QVERIFY(!m_fixture.store->record(id)->deleted);
    }

    void closingThePageWithAnOpenEditorSaves()
    {
        // As when the app locks itself while a record is open.
        QUuid id;
        {
            HomePage page(m_fixture.store.get());
            page.show();
            chooseForm(page, QStringLiteral("household_health"));
            RecordEditor *editor = page.newRecord(QStringLiteral("household_health"));
            QVERIFY(editor);
            QTest::keyClicks(editor->row(QStringLiteral("enumerator"))->findChild<QLineEdit *>(),
                             QStringLiteral("Locked"));
            id = editor->record().id;
        }
        auto stored = m_fixture.store->record(id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->values.value(QStringLiteral("enumerator")),
                 QJsonValue(QStringLiteral("Locked")));
    }

    void editorScreenshot()
    {
        applyFieldTheme(*qApp);
        HomePage page(m_fixture.store.get());
        page.resize(1280, 800);
        page.show();
        chooseForm(page, QStringLiteral("household_health"));
        RecordEditor *editor = page.newRecord(QStringLiteral("household_health"));
        QVERIFY(editor);
        auto *edit = editor->row(QStringLiteral("enumerator"))->findChild<QLineEdit *>();
        QTest::keyClicks(edit, QStringLiteral("Amina Phiri"));
        editor->row(QStringLiteral("interview_date"))
            ->findChild<QPushButton *>(QStringLiteral("start"))
            ->click();
        editor->row(QStringLiteral("consent"))
            ->findChild<QRadioButton *>(QStringLiteral("choice:yes"))
            ->click();
        auto *lat = editor->row(QStringLiteral("location"))
                        ->findChild<QLineEdit *>(QStringLiteral("latitude"));
        QTest::keyClicks(lat, QStringLiteral("-8.76"));
        QVERIFY(!editor->finalize()); // shows the messages and the banner
        QTest::qWait(50);
        const QImage shot = page.grab().toImage();
        QCOMPARE(shot.size(), QSize(1280, 800)); // docs/screenshots: scripts/screenshots.sh
    }
};

QTEST_MAIN(TestHomePageRecords)
#include "tst_homepagerecords.moc"
