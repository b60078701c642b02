// uiscreenshots: renders each main screen of the app into PNG files, from the real widgets
// on a real encrypted store filled with demo data (regenerated, never drawn by hand):
//   QT_QPA_PLATFORM=offscreen uiscreenshots OUTPUT_DIR      (scripts/screenshots.sh)
// Not a test: it fails (exit 1) only when a screen cannot be reached or a file written.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

#include "credentials.h"
#include "demoforms.h"
#include "englishplurals.h"
#include "enrollpage.h"
#include "fieldrow.h"
#include "homepage.h"
#include "mainwindow.h"
#include "recordeditor.h"
#include "reviewpage.h"
#include "reviewqueue.h"
#include "screenshotdata.h"
#include "settingspage.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "theme.h"
#include "transferlistmodel.h"
#include "unlockpage.h"
#include "uploadspage.h"

using namespace outpost;
using namespace outpost::ui;

namespace {

const QString kPassphrase = QStringLiteral("demo passphrase");
const QSize kScreen(1280, 800);
QString g_outputDir;
int g_failures = 0;

void fail(const char *what)
{
    std::fprintf(stderr, "uiscreenshots: %s\n", what);
    ++g_failures;
}

void showDemoState(MainWindow &window)
{
    if (window.syncStatusBar())
        window.syncStatusBar()->setState(screenshotdata::demoSyncState());
}

void save(MainWindow &window, const QString &name)
{
    QTest::qWait(150); // the engine's own state first (it comes once, at its start)
    showDemoState(window);
    QTest::qWait(50); // then the layouts
    const QString path = QDir(g_outputDir).filePath(name + QStringLiteral(".png"));
    const QImage image = window.grab().toImage();
    if (image.size() != kScreen || !image.save(path))
        return fail(qPrintable(QStringLiteral("cannot render %1").arg(path)));
    std::printf("wrote %s\n", qPrintable(path));
}

SyncConfig quietConfig() // no network at all: the status bar shows the demo state
{
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    config.watchNetwork = false;
    config.debounceMs = 24 * 3600 * 1000;
    return config;
}

bool unlock(MainWindow &window, const QString &passphrase)
{
    window.unlockPage()->findChild<QLineEdit *>(QStringLiteral("passphrase"))->setText(passphrase);
    QSignalSpy opened(&window, &MainWindow::storeOpened);
    window.unlockPage()->findChild<QPushButton *>(QStringLiteral("submit"))->click();
    return opened.wait(20000);
}

void enrollScreen()
{
    QTemporaryDir dir;
    MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0,
                      quietConfig());
    window.resize(kScreen);
    window.show();
    window.enrollPage()->prefill(QStringLiteral("https://outpost.example.org"),
                                 QStringLiteral("amina"));
    save(window, QStringLiteral("enroll"));
}

void unlockScreen(const StoreLocation &location)
{
    MainWindow window(location, StoreOptions::fastForTests(), 0, quietConfig());
    window.resize(kScreen);
    window.show();
    window.unlockPage()
        ->findChild<QLineEdit *>(QStringLiteral("passphrase"))
        ->setText(QStringLiteral("wrong guess"));
    window.unlockPage()->findChild<QPushButton *>(QStringLiteral("submit"))->click();
    if (!QTest::qWaitFor([&window] { return window.unlockPage()->failedAttempts() > 0; }, 20000))
        return fail("the wrong passphrase was not refused");
    save(window, QStringLiteral("unlock"));
}

void appScreens(const StoreLocation &location)
{
    MainWindow window(location, StoreOptions::fastForTests(), 0, quietConfig());
    window.resize(kScreen);
    window.show();
    if (!unlock(window, kPassphrase) || !window.homePage())
        return fail("the demo store does not open on the home page");
    HomePage *home = window.homePage();
    auto *forms = home->findChild<QListWidget *>(QStringLiteral("forms"));
    for (int row = 0; row < forms->count(); ++row)
        if (forms->item(row)->data(Qt::UserRole).toString() == QStringLiteral("agriculture_plot"))
            forms->setCurrentRow(row);
    QTest::qWait(100);
    home->findChild<QTableView *>(QStringLiteral("records"))->selectRow(1);
    save(window, QStringLiteral("forms"));

    // The records list narrowed by a search and a status.
    home->findChild<QLineEdit *>(QStringLiteral("search"))->setText(QStringLiteral("Mbala"));
    QTest::qWait(400); // the search waits for the typing to pause
    save(window, QStringLiteral("records-list"));
    home->findChild<QLineEdit *>(QStringLiteral("search"))->clear();

    // The editor after a refused finalize: the messages beside the fields.
    RecordEditor *editor = home->newRecord(QStringLiteral("household_health"));
    if (!editor)
        return fail("no editor for household_health");
    QTest::keyClicks(editor->row(QStringLiteral("enumerator"))->findChild<QLineEdit *>(),
                     QStringLiteral("Amina Phiri"));
    editor->row(QStringLiteral("interview_date"))
        ->findChild<QPushButton *>(QStringLiteral("start"))
        ->click();
    editor->row(QStringLiteral("consent"))
        ->findChild<QRadioButton *>(QStringLiteral("choice:yes"))
        ->click();
    QTest::keyClicks(
        editor->row(QStringLiteral("location"))->findChild<QLineEdit *>(QStringLiteral("latitude")),
        QStringLiteral("-8.76"));
    editor->finalize(); // refused: shows what is missing
    save(window, QStringLiteral("record-editor"));
    home->showList();

    // The supervisor's review: a conflict field by field.
    if (!home->openReview())
        return fail("the review screen is not offered");
    save(window, QStringLiteral("review"));
    home->showList();

    // The uploads: what the engine reported (demo transfers in every state).
    QTest::qWait(300); // after the engine's own (empty) list
    Q_EMIT window.sync()->transfersChanged(screenshotdata::demoTransfers());
    UploadsPage *uploads = window.openUploads();
    if (!uploads)
        return fail("no uploads screen");
    uploads->list()->setCurrentIndex(uploads->model()->index(0));
    save(window, QStringLiteral("uploads"));
    home->showList();

    if (!window.openSettings())
        return fail("no settings screen");
    save(window, QStringLiteral("settings"));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("outpost-screenshots"));
    if (argc != 2) {
        std::fprintf(stderr, "usage: QT_QPA_PLATFORM=offscreen uiscreenshots OUTPUT_DIR\n");
        return 2;
    }
    g_outputDir = QString::fromLocal8Bit(argv[1]);
    if (!QDir().mkpath(g_outputDir)) {
        std::fprintf(stderr, "uiscreenshots: cannot make %s\n", argv[1]);
        return 1;
    }
    EnglishPlurals plurals;
    QApplication::installTranslator(&plurals);
    applyFieldTheme(app);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));

    QTemporaryDir dir;
    const StoreLocation location = StoreLocation::inDirectory(dir.path());
    if (auto filled = screenshotdata::makeDemoStore(location, kPassphrase); !filled) {
        std::fprintf(stderr, "uiscreenshots: demo data: %s\n", qPrintable(filled.error().message));
        return 1;
    }
    enrollScreen();
    appScreens(location);
    unlockScreen(location);
    return g_failures == 0 ? 0 : 1;
}
