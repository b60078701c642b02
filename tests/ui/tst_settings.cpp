// The Settings screen on a real encrypted store (offline demo account, no server): choices
// persist in the store and reach the sync engine's config and the idle lock; the passphrase
// change runs off the UI thread and refuses a wrong current passphrase; the wipe needs the
// typed word and leaves no file behind; bad stored values fall back to the defaults.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "appsettings.h"
#include "englishplurals.h"
#include "enrollpage.h"
#include "homepage.h"
#include "localstore.h"
#include "mainwindow.h"
#include "modaldriver.h"
#include "settingspage.h"
#include "synccontroller.h"
#include "unlockpage.h"

using namespace outpost;
using namespace outpost::ui;

namespace {

const QString kPassphrase = QStringLiteral("field passphrase");

// First run without a server: "work offline", choose the passphrase, wait for the home page.
bool openOffline(MainWindow &window)
{
    if (!appdriver::click(window.enrollPage(), "offline"))
        return false;
    QSignalSpy home(&window, &MainWindow::homeShown);
    return appdriver::choosePassphrase(window, kPassphrase) && home.wait(10000);
}

bool unlock(MainWindow &window, const QString &passphrase)
{
    QSignalSpy opened(&window, &MainWindow::storeOpened);
    return appdriver::type(window.unlockPage(), "passphrase", passphrase) &&
           appdriver::click(window.unlockPage(), "submit") && opened.wait(10000);
}

void choose(QComboBox *box, int minutes)
{
    const int index = box->findData(minutes);
    QVERIFY2(index >= 0, qPrintable(QString::number(minutes)));
    box->setCurrentIndex(index);
    Q_EMIT box->activated(index); // what a person's choice emits
}

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

    EnglishPlurals m_plurals;

private Q_SLOTS:
    void initTestCase() { QCoreApplication::installTranslator(&m_plurals); }

    void choicesPersistAndReachTheEngine()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        QVERIFY(openOffline(window));
        QCOMPARE(window.lockTimeoutMs(), 0); // as started, until the person chooses

        SettingsPage *page = window.openSettings();
        QVERIFY(page);
        QCOMPARE(window.currentPage(), page);
        auto *interval = page->findChild<QComboBox *>(QStringLiteral("syncInterval"));
        auto *metered = page->findChild<QCheckBox *>(QStringLiteral("uploadOnMetered"));
        auto *lockAfter = page->findChild<QComboBox *>(QStringLiteral("lockAfter"));
        QVERIFY(interval && metered && lockAfter);
        QVERIFY(!metered->isChecked()); // attachments wait for an unmetered network by default
        auto *server = page->findChild<QLabel *>(QStringLiteral("serverAddress"));
        QVERIFY(server->text().contains(QStringLiteral("offline")));
        QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("signOut"))->isEnabled());

        choose(interval, 5);
        metered->click();
        choose(lockAfter, 1);
        // The engine got them through a queued call; the idle lock at once.
        QCOMPARE(window.sync()->config().periodicMs, 5 * 60 * 1000);
        QVERIFY(window.sync()->config().uploadAttachmentsOnMetered);
        QCOMPARE(window.lockTimeoutMs(), 60 * 1000);

        // Kept in the encrypted store: a lock and unlock (a restart) brings them back.
        window.lockNow();
        QVERIFY(!window.store());
        QVERIFY(unlock(window, kPassphrase));
        QCOMPARE(window.settings().syncIntervalMinutes, 5);
        QVERIFY(window.settings().uploadOnMetered);
        QCOMPARE(window.settings().lockAfterMinutes, 1);
        QCOMPARE(window.sync()->config().periodicMs, 5 * 60 * 1000);
        QVERIFY(window.sync()->config().uploadAttachmentsOnMetered);
        QCOMPARE(window.lockTimeoutMs(), 60 * 1000);
        page = window.openSettings();
        QCOMPARE(page->findChild<QComboBox *>(QStringLiteral("syncInterval"))->currentData(), 5);
        QVERIFY(page->findChild<QCheckBox *>(QStringLiteral("uploadOnMetered"))->isChecked());

        // "Never" sync by timer and never lock are choices too (0).
        choose(page->findChild<QComboBox *>(QStringLiteral("syncInterval")), 0);
        QCOMPARE(window.sync()->config().periodicMs, 0);

        // Back (Esc / Alt+Left too) returns to the forms.
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::click(page, "back"));
        QCOMPARE(home.count(), 1);
        QCOMPARE(window.currentPage(), window.homePage()->parentWidget());
    }

    void badStoredValuesFallBack()
    {
        QTemporaryDir dir;
        auto store = LocalStore::create(StoreLocation::inDirectory(dir.path()), kPassphrase,
                                        StoreOptions::fastForTests());
        QVERIFY(store.ok());
        const AppSettings defaults{15, false, 5};
        QVERIFY(!AppSettings::isSaved(**store));
        QCOMPARE(AppSettings::load(**store, defaults), defaults);

        // Out of range: refused, nothing written.
        AppSettings bad{-1, true, 5};
        auto saved = bad.save(**store);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, QStringLiteral("invalid_argument"));
        QVERIFY(!AppSettings::isSaved(**store));
        QCOMPARE(AppSettings::load(**store, defaults), defaults);

        // Garbled values (another version, a damaged row) fall back one by one.
        QVERIFY((*store)
                    ->setSyncState(QStringLiteral("settings.sync_interval_minutes"),
                                   QStringLiteral("soon"))
                    .ok());
        QVERIFY((*store)
                    ->setSyncState(QStringLiteral("settings.lock_after_minutes"),
                                   QStringLiteral("99999999"))
                    .ok());
        QVERIFY(
            (*store)
                ->setSyncState(QStringLiteral("settings.upload_on_metered"), QStringLiteral("1"))
                .ok());
        const AppSettings loaded = AppSettings::load(**store, defaults);
        QCOMPARE(loaded.syncIntervalMinutes, 15);
        QCOMPARE(loaded.lockAfterMinutes, 5);
        QVERIFY(loaded.uploadOnMetered);
    }

    void passphraseChangeRunsOffTheUiThread()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        QVERIFY(openOffline(window));
        SettingsPage *page = window.openSettings();
        auto *button = page->findChild<QPushButton *>(QStringLiteral("changePassphrase"));
        auto *result = page->findChild<QLabel *>(QStringLiteral("passphraseResult"));
        QVERIFY(button && result);

        // Too short or not repeated: the button stays off.
        QVERIFY(appdriver::type(page, "currentPassphrase", kPassphrase));
        QVERIFY(appdriver::type(page, "newPassphrase", QStringLiteral("short")));
        QVERIFY(appdriver::type(page, "repeatPassphrase", QStringLiteral("short")));
        QVERIFY(!button->isEnabled());
        QVERIFY(appdriver::type(page, "newPassphrase", QStringLiteral("a brand new one")));
        QVERIFY(appdriver::type(page, "repeatPassphrase", QStringLiteral("a brand new one!")));
        QVERIFY(!button->isEnabled());

        // A wrong current passphrase: said plainly, nothing changed.
        QVERIFY(appdriver::type(page, "currentPassphrase", QStringLiteral("not the one")));
        QVERIFY(appdriver::type(page, "repeatPassphrase", QStringLiteral("a brand new one")));
        QSignalSpy changed(&window, &MainWindow::passphraseChanged);
        QVERIFY(appdriver::click(page, "changePassphrase"));
        // The click returned at once: the change runs in a worker, the engine is stopped
        // and the page says it is busy.
        QVERIFY(!button->isEnabled());
        QVERIFY(button->text().contains(QStringLiteral("Changing")));
        QVERIFY(!window.sync());
        QVERIFY(changed.wait(20000));
        QCOMPARE(changed.at(0).at(0).toBool(), false);
        QVERIFY(result->text().contains(QStringLiteral("not right")));
        QVERIFY(window.sync()); // syncing again
        // The passphrases were cleared from the widgets.
        QVERIFY(page->findChild<QLineEdit *>(QStringLiteral("newPassphrase"))->text().isEmpty());

        // The right one: changed.
        QVERIFY(appdriver::type(page, "currentPassphrase", kPassphrase));
        QVERIFY(appdriver::type(page, "newPassphrase", QStringLiteral("a brand new one")));
        QVERIFY(appdriver::type(page, "repeatPassphrase", QStringLiteral("a brand new one")));
        QVERIFY(appdriver::click(page, "changePassphrase"));
        QVERIFY(changed.wait(20000));
        QCOMPARE(changed.at(1).at(0).toBool(), true);
        QVERIFY(result->text().contains(QStringLiteral("changed")));
        QVERIFY(window.sync());
        // The store works on, and the home page comes back with the forms.
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::click(page, "back"));
        QVERIFY(window.homePage());
        Record record;
        record.formId = QStringLiteral("facility_inspection");
        record.formVersion = 1;
        QVERIFY(window.store()->createRecord(record).ok());

        // Only the new passphrase opens it now.
        window.lockNow();
        QVERIFY(!LocalStore::unlock(StoreLocation::inDirectory(dir.path()), kPassphrase,
                                    StoreOptions::fastForTests())
                     .ok());
        QVERIFY(unlock(window, QStringLiteral("a brand new one")));
        QCOMPARE(window.store()->countRecords().valueOr(0), 1);
    }

    void wipeNeedsTheTypedWord()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        QVERIFY(openOffline(window));
        const StoreLocation location = StoreLocation::inDirectory(dir.path());
        QVERIFY(QFileInfo::exists(location.databasePath()));
        SettingsPage *page = window.openSettings();
        QSignalSpy wiped(&window, &MainWindow::deviceWiped);

        // A wrong word leaves the button off; Cancel changes nothing.
        bool confirmEnabled = true;
        QString text;
        auto asked = test::answerNextModal(QStringLiteral("confirmWipe"), [&](QWidget *dialog) {
            text = dialog->findChild<QLabel *>(QStringLiteral("text"))->text();
            dialog->findChild<QLineEdit *>(QStringLiteral("typed"))
                ->setText(QStringLiteral("wipe"));
            confirmEnabled =
                dialog->findChild<QPushButton *>(QStringLiteral("confirm"))->isEnabled();
            dialog->findChild<QPushButton *>(QStringLiteral("cancel"))->click();
        });
        QVERIFY(appdriver::click(page, "wipe"));
        QVERIFY(*asked);
        QVERIFY(!confirmEnabled);
        QVERIFY(text.contains(QStringLiteral("cannot be undone")));
        QCOMPARE(wiped.count(), 0);
        QVERIFY(window.store());
        QVERIFY(QFileInfo::exists(location.databasePath()));

        // Pending work is named in the warning.
        Record record;
        record.formId = QStringLiteral("facility_inspection");
        record.formVersion = 1;
        QVERIFY(window.store()->createRecord(record).ok());
        asked = test::answerNextModal(QStringLiteral("confirmWipe"), [&](QWidget *dialog) {
            text = dialog->findChild<QLabel *>(QStringLiteral("text"))->text();
            dialog->findChild<QLineEdit *>(QStringLiteral("typed"))
                ->setText(SettingsPage::wipeWord());
            dialog->findChild<QPushButton *>(QStringLiteral("confirm"))->click();
        });
        QVERIFY(appdriver::click(page, "wipe"));
        QVERIFY(*asked);
        QVERIFY2(text.contains(QStringLiteral("LOST if you wipe now: 1 change")), qPrintable(text));
        QCOMPARE(wiped.count(), 1);
        QVERIFY(!window.store());
        QCOMPARE(window.currentPage(), window.enrollPage());
        // Nothing of the account is left; the first-run page offers everything again.
        QVERIFY(!LocalStore::exists(location));
        QVERIFY(QDir(location.directory)
                    .isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
        QVERIFY(window.enrollPage()
                    ->findChild<QPushButton *>(QStringLiteral("offline"))
                    ->isVisibleTo(window.enrollPage()));
        // And a new start works on the same place.
        QVERIFY(openOffline(window));
        QCOMPARE(window.store()->countRecords().valueOr(-1), 0);
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
