// The records list model pages through a real encrypted store instead of loading it whole.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "localstore.h"
#include "recordlistmodel.h"

using namespace outpost;
using namespace outpost::ui;

class TestRecordListModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LocalStore> m_store;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto store =
            LocalStore::create(StoreLocation::inDirectory(m_dir.path()),
                               QStringLiteral("a passphrase"), StoreOptions::fastForTests());
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        m_store = std::move(*store);
        for (int i = 0; i < 1000; ++i) {
            Record record;
            record.formId = i % 2 ? QStringLiteral("household") : QStringLiteral("farm");
            record.formVersion = 1;
            record.values.insert(QStringLiteral("name"), i == 777 ? QStringLiteral("Waterhouse")
                                                                  : QStringLiteral("r%1").arg(i));
            QVERIFY(m_store->createRecord(record).ok());
        }
    }

    void pagesLazily()
    {
        RecordListModel model(m_store.get());
        model.setPageSize(100);
        model.setQuery({});
        QCOMPARE(model.totalCount(), 1000);
        QCOMPARE(model.rowCount(), 100); // only the first page is loaded
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 200);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 1000);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.data(model.index(999, 0), RecordListModel::RecordIdRole).toUuid() != QUuid());
    }

    void filtersByFormAndText()
    {
        RecordListModel model(m_store.get());
        RecordQuery query;
        query.formId = QStringLiteral("household");
        model.setQuery(query);
        QCOMPARE(model.totalCount(), 500);
        query.searchText = QStringLiteral("water");
        model.setQuery(query);
        QCOMPARE(model.totalCount(), 1);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.data(model.index(0, RecordListModel::TextColumn), Qt::DisplayRole)
                    .toString()
                    .contains(QStringLiteral("Waterhouse")));
        QCOMPARE(
            model.data(model.index(0, RecordListModel::StatusColumn), Qt::DisplayRole).toString(),
            QStringLiteral("Draft"));
    }

    void reloadsOnChange()
    {
        RecordListModel model(m_store.get());
        RecordQuery query;
        query.formId = QStringLiteral("farm");
        model.setQuery(query);
        QCOMPARE(model.totalCount(), 500);
        connect(m_store.get(), &LocalStore::recordsChanged, &model, &RecordListModel::reload);
        Record record;
        record.formId = QStringLiteral("farm");
        record.formVersion = 1;
        QVERIFY(m_store->createRecord(record).ok());
        QCOMPARE(model.totalCount(), 501);
    }
};

QTEST_MAIN(TestRecordListModel)
#include "tst_recordlistmodel.moc"
