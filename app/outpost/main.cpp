// outpost: the field app. Everything is saved to the encrypted local store first; nothing
// waits on the network.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdio>

#include "englishplurals.h"
#include "enrollpage.h"
#include "mainwindow.h"
#include "outpost/version.h"
#include "theme.h"

using namespace outpost;

namespace {

struct Options
{
    QCommandLineOption dataDir{QStringLiteral("data-dir"),
                               QStringLiteral("Keep the encrypted store in DIR instead of the "
                                              "account's XDG data directory."),
                               QStringLiteral("DIR")};
    QCommandLineOption account{QStringLiteral("account"),
                               QStringLiteral("Device account to open (default: local)."),
                               QStringLiteral("ID"), QStringLiteral("local")};
    QCommandLineOption lockMinutes{QStringLiteral("lock-after"),
                                   QStringLiteral("Lock after MINUTES without input; 0 never "
                                                  "(default 5; the Settings screen overrides "
                                                  "it once used)."),
                                   QStringLiteral("MINUTES"), QStringLiteral("5")};
    QCommandLineOption quitAfter{QStringLiteral("quit-after"),
                                 QStringLiteral("Quit after MS milliseconds (smoke tests)."),
                                 QStringLiteral("MS")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("With --quit-after: save the window as a PNG "
                                                 "to FILE before quitting."),
                                  QStringLiteral("FILE")};
    QCommandLineOption server{QStringLiteral("server"),
                              QStringLiteral("Server address to offer on first run."),
                              QStringLiteral("URL")};
    QCommandLineOption user{QStringLiteral("user"),
                            QStringLiteral("User name to offer on first run."),
                            QStringLiteral("NAME")};

    // Handles --help and --version (and bad options) by exiting, as QCommandLineParser does.
    void parse(QCommandLineParser &parser, const QCoreApplication &app) const
    {
        parser.setApplicationDescription(QStringLiteral("Outpost field survey app"));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({dataDir, account, lockMinutes, quitAfter, screenshot, server, user});
        parser.process(app);
    }
};

void describeApp()
{
    QCoreApplication::setApplicationName(QStringLiteral("outpost"));
    QCoreApplication::setOrganizationName(QStringLiteral("outpost"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));
}

// Qt aborts when no platform plugin can start (no X11 or Wayland display and no
// QT_QPA_PLATFORM): say what to do instead.
bool haveDisplay()
{
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        if (!qEnvironmentVariableIsEmpty(name))
            return true;
    return false;
}

int noDisplay(int argc, char *argv[])
{
    QCoreApplication app(argc, argv); // --help and --version still work
    describeApp();
    QCommandLineParser parser;
    Options().parse(parser, app);
    std::fprintf(stderr,
                 "outpost: there is no display to show the app on (neither DISPLAY nor "
                 "WAYLAND_DISPLAY is set).\n"
                 "  Start it from a desktop session, or over SSH with X forwarding (ssh -X).\n"
                 "  Without a screen: QT_QPA_PLATFORM=offscreen renders off screen (tests, "
                 "screenshots), and outpost-cli works in a terminal.\n");
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    if (!haveDisplay())
        return noDisplay(argc, argv);
    QApplication app(argc, argv);
    describeApp();
    QApplication::setApplicationDisplayName(QStringLiteral("Outpost"));
    QCommandLineParser parser;
    const Options options;
    options.parse(parser, app);

    StoreLocation location;
    if (parser.isSet(options.dataDir)) {
        location = StoreLocation::inDirectory(QDir(parser.value(options.dataDir)).absolutePath());
    } else {
        auto forAccount = StoreLocation::forAccount(parser.value(options.account));
        if (!forAccount) {
            std::fprintf(stderr, "outpost: %s\n", qPrintable(forAccount.error().message));
            return 2;
        }
        location = *forAccount;
    }
    bool minutesOk = false;
    const int minutes = parser.value(options.lockMinutes).toInt(&minutesOk);
    if (!minutesOk || minutes < 0 || minutes > 24 * 60) {
        std::fprintf(stderr, "outpost: --lock-after takes a number of minutes (0 to 1440)\n");
        return 2;
    }

    ui::EnglishPlurals plurals;
    QApplication::installTranslator(&plurals);
    ui::applyFieldTheme(app);
    ui::MainWindow window(location, StoreOptions{}, minutes * 60 * 1000);
    window.enrollPage()->prefill(parser.value(options.server), parser.value(options.user));
    window.show();
    if (parser.isSet(options.quitAfter)) {
        const QString shotPath = parser.value(options.screenshot);
        QTimer::singleShot(parser.value(options.quitAfter).toInt(), &app, [&window, shotPath] {
            if (!shotPath.isEmpty() && !window.grab().save(shotPath))
                std::fprintf(stderr, "outpost: cannot write %s\n", qPrintable(shotPath));
            QApplication::quit();
        });
    }
    return app.exec();
}
