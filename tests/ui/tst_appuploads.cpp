// The uploads view against the real outpost-server and the engine's upload queue: a file
// attached on a metered network is held (the view and the status bar say so), Pause and
// Resume from the view reach the queue, and allowing metered uploads in Settings lets it go
// up to the end (the engine follows the setting at once).
#include <QBuffer>
#include <QCheckBox>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "englishplurals.h"
#include "homepage.h"
#include "mainwindow.h"
#include "settingspage.h"
#include "synccontroller.h"
#include "syncfixture.h"
#include "syncstatusbar.h"
#include "transferlistmodel.h"
#include "uploadspage.h"

using namespace outpost;
using namespace outpost::ui;
using State = AttachmentTransfer::State;

class TestAppUploads : public QObject
{
    Q_OBJECT

    TestServer m_server;
    EnglishPlurals m_plurals;

    static int stateOf(UploadsPage *page)
    {
        return page->model()->rowCount() == 1
                   ? page->model()->index(0).data(TransferListModel::StateRole).toInt()
                   : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::installTranslator(&m_plurals);
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(synctest::setUpServer(m_server));
        QVERIFY(synctest::publishFilesForm(m_server));
    }

    void heldPausedResumedThenAllowedInSettings()
    {
        SyncConfig config = synctest::fastConfig();
        config.uploadChunkBytes = 256 * 1024;
        config.watchNetwork = false; // the test says what the network is
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                          config);
        QVERIFY(appdriver::enrollUntilHome(
            window, QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()),
            QStringLiteral("alice"), synctest::password(QStringLiteral("alice"))));
        NetworkStatus metered;
        metered.reachability = NetworkStatus::Reachability::Online;
        metered.metered = true;
        window.sync()->setNetworkStatus(metered);

        // A record with a 1 MiB file, made on this device.
        Record record;
        record.formId = QStringLiteral("files");
        record.formVersion = 1;
        record.values = {{QStringLiteral("a"), QStringLiteral("with a file")}};
        auto created = window.store()->createRecord(record);
        QVERIFY(created.ok());
        QByteArray bytes(1024 * 1024, 'x');
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        auto ref = window.store()->importAttachment(source, QStringLiteral("pump.jpg"),
                                                    QStringLiteral("image/jpeg"), created->id);
        QVERIFY(ref.ok());
        Record withFile = *created;
        withFile.values.insert(QStringLiteral("f"), ref->toJson());
        QVERIFY(window.store()->updateRecord(withFile).ok());

        // Held back on the metered network, and said so.
        UploadsPage *page = window.openUploads();
        QVERIFY(page);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(page), int(State::HeldMetered), 30000);
        QCOMPARE(page->model()->index(0).data(Qt::DisplayRole).toString(),
                 QStringLiteral("pump.jpg"));
        QVERIFY(page->model()
                    ->index(0)
                    .data(TransferListModel::StateTextRole)
                    .toString()
                    .contains(QStringLiteral("metered")));
        auto *button = window.syncStatusBar()->findChild<QPushButton *>(QStringLiteral("uploads"));
        QVERIFY2(button->text().contains(QStringLiteral("1 waiting")), qPrintable(button->text()));

        // Pause and Resume from the view reach the queue.
        page->list()->setCurrentIndex(page->model()->index(0));
        QVERIFY(appdriver::click(page, "pause"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(page), int(State::Paused), 10000);
        QVERIFY(button->text().contains(QStringLiteral("1 paused")));
        QVERIFY(appdriver::click(page, "resume"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(page), int(State::HeldMetered), 10000);

        // The person allows metered uploads: the engine follows at once, the file goes up.
        SettingsPage *settings = window.openSettings();
        settings->findChild<QCheckBox *>(QStringLiteral("uploadOnMetered"))->click();
        QVERIFY(window.sync()->config().uploadAttachmentsOnMetered);
        page = window.openUploads();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(page), int(State::Done), 30000);
        QCOMPARE(page->model()->index(0).data(TransferListModel::ProgressRole).toInt(), 1000);
        QTRY_VERIFY_WITH_TIMEOUT(!button->text().contains(QStringLiteral("waiting")), 10000);
    }
};

QTEST_MAIN(TestAppUploads)
#include "tst_appuploads.moc"
