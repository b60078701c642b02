// The uploads view fed with the engine's transfer lists (SyncController::transfersChanged):
// rows keep their place while progress moves (no reset, the selection stays), states in
// plain words, progress and size, Pause / Resume / Retry offered only where they apply and
// reaching the controller; the status bar's Uploads button says what is in progress.
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "englishplurals.h"
#include "homepage.h"
#include "mainwindow.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "transferlistmodel.h"
#include "uploadspage.h"

using namespace outpost;
using namespace outpost::ui;
using State = AttachmentTransfer::State;

namespace {

AttachmentTransfer transfer(const QString &id, State state, qint64 done, qint64 size,
                            const QString &error = {}, bool permanent = false)
{
    AttachmentTransfer t;
    t.attachmentId = id;
    t.recordId = QStringLiteral("rec-") + id;
    t.fileName = QStringLiteral("photo-%1.jpg").arg(id);
    t.mimeType = QStringLiteral("image/jpeg");
    t.sizeBytes = size;
    t.transferredBytes = done;
    t.state = state;
    t.errorMessage = error;
    t.errorPermanent = permanent;
    return t;
}

QList<AttachmentTransfer> demoList(qint64 activeDone)
{
    return {transfer(QStringLiteral("a"), State::Active, activeDone, 4'000'000),
            transfer(QStringLiteral("b"), State::Queued, 0, 1'000'000),
            transfer(QStringLiteral("c"), State::Paused, 250'000, 1'000'000),
            transfer(QStringLiteral("d"), State::Failed, 0, 2'000'000,
                     QStringLiteral("The server refused the file (checksum mismatch)."), false),
            transfer(QStringLiteral("e"), State::HeldMetered, 0, 3'000'000),
            transfer(QStringLiteral("f"), State::Done, 500'000, 500'000)};
}

} // namespace

class TestUploadsView : public QObject
{
    Q_OBJECT

    EnglishPlurals m_plurals;

private Q_SLOTS:
    void initTestCase() { QCoreApplication::installTranslator(&m_plurals); }

    void progressUpdatesRowsInPlace()
    {
        TransferListModel model;
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setTransfers(demoList(1'000'000));
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(resets.count(), 1);
        const QModelIndex active = model.index(0);
        QCOMPARE(active.data(Qt::DisplayRole).toString(), QStringLiteral("photo-a.jpg"));
        QCOMPARE(active.data(TransferListModel::StateTextRole).toString(),
                 QStringLiteral("Uploading"));
        QCOMPARE(active.data(TransferListModel::ProgressRole).toInt(), 250);
        QVERIFY(active.data(TransferListModel::DetailTextRole)
                    .toString()
                    .contains(QStringLiteral(" of ")));

        // The same transfers with more bytes: one row changes, nothing resets.
        model.setTransfers(demoList(3'000'000));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(changes.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(model.index(0).data(TransferListModel::ProgressRole).toInt(), 750);

        // A different list resets.
        model.setTransfers(demoList(3'000'000).mid(1));
        QCOMPARE(resets.count(), 2);
        QCOMPARE(model.rowCount(), 5);

        // Plain words for every state; failures in the error style with their reason.
        QCOMPARE(model.index(2).data(TransferListModel::ProblemRole).toBool(), true);
        QVERIFY(model.index(2)
                    .data(TransferListModel::DetailTextRole)
                    .toString()
                    .contains(QStringLiteral("checksum")));
        QVERIFY(model.index(3)
                    .data(TransferListModel::StateTextRole)
                    .toString()
                    .contains(QStringLiteral("metered")));
        QCOMPARE(model.index(4).data(TransferListModel::ProgressRole).toInt(), 1000);
        AttachmentTransfer unknownSize = transfer(QStringLiteral("x"), State::Active, 10, 0);
        model.setTransfers({unknownSize});
        QCOMPARE(model.index(0).data(TransferListModel::ProgressRole).toInt(), -1);
    }

    void actionsFollowTheState()
    {
        UploadsPage page;
        page.resize(1280, 800);
        page.show();
        QSignalSpy paused(&page, &UploadsPage::pauseRequested);
        QSignalSpy resumed(&page, &UploadsPage::resumeRequested);
        QSignalSpy retried(&page, &UploadsPage::retryRequested);
        auto *empty = page.findChild<QLabel *>(QStringLiteral("empty"));
        QVERIFY(empty->isVisible());
        page.setTransfers(demoList(1'000'000));
        QVERIFY(!empty->isVisible());
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("summary"))
                    ->text()
                    .contains(QStringLiteral("1 in progress")));
        auto *pause = page.findChild<QPushButton *>(QStringLiteral("pause"));
        auto *resume = page.findChild<QPushButton *>(QStringLiteral("resume"));
        auto *retry = page.findChild<QPushButton *>(QStringLiteral("retry"));
        const auto select = [&page](int row) {
            page.list()->setCurrentIndex(page.model()->index(row));
        };
        struct Expect
        {
            int row;
            bool pause, resume, retry;
        };
        for (const Expect &e : {Expect{0, true, false, false}, Expect{1, true, false, false},
                                Expect{2, false, true, false}, Expect{3, false, false, true},
                                Expect{4, true, false, false}, Expect{5, false, false, false}}) {
            select(e.row);
            QCOMPARE(pause->isEnabled(), e.pause);
            QCOMPARE(resume->isEnabled(), e.resume);
            QCOMPARE(retry->isEnabled(), e.retry);
        }
        select(0);
        pause->click();
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.at(0).at(0).toString(), QStringLiteral("a"));
        select(2);
        resume->click();
        QCOMPARE(resumed.at(0).at(0).toString(), QStringLiteral("c"));
        select(3);
        retry->click();
        QCOMPARE(retried.at(0).at(0).toString(), QStringLiteral("d"));

        // The chosen transfer stays chosen while the list refreshes.
        page.setTransfers(demoList(2'000'000));
        QCOMPARE(page.list()->currentIndex().row(), 3);
    }

    void statusBarAndWindowFollowTheEngine()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        QVERIFY(appdriver::click(window.enrollPage(), "offline"));
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::choosePassphrase(window));
        QVERIFY(home.wait(10000));
        auto *button = window.syncStatusBar()->findChild<QPushButton *>(QStringLiteral("uploads"));
        QCOMPARE(button->text(), QStringLiteral("Uploads"));

        // What the engine reports reaches the status bar and the uploads view.
        Q_EMIT window.sync()->transfersChanged(demoList(1'000'000));
        QVERIFY2(button->text().contains(QStringLiteral("1 in progress")),
                 qPrintable(button->text()));
        UploadsPage *page = window.openUploads();
        QVERIFY(page);
        QCOMPARE(window.currentPage(), page);
        QCOMPARE(page->model()->rowCount(), 6);
        Q_EMIT window.sync()->transfersChanged(demoList(4'000'000));
        QCOMPARE(page->model()->index(0).data(TransferListModel::ProgressRole).toInt(), 1000);
        Q_EMIT window.sync()->transfersChanged({});
        QCOMPARE(button->text(), QStringLiteral("Uploads"));
        QVERIFY(page->findChild<QLabel *>(QStringLiteral("empty"))->isVisibleTo(page));
        QVERIFY(appdriver::click(page, "back"));
        QCOMPARE(window.currentPage(), window.homePage()->parentWidget());
    }
};

QTEST_MAIN(TestUploadsView)
#include "tst_uploadsview.moc"
