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

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("outpost"));
    QApplication::setOrganizationName(QStringLiteral("outpost"));
    QApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QApplication::setApplicationDisplayName(QStringLiteral("Outpost"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Outpost field survey app"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dataDir(QStringLiteral("data-dir"),
                               QStringLiteral("Keep the encrypted store in DIR instead of the "
                                              "account's XDG data directory."),
                               QStringLiteral("DIR"));
    QCommandLineOption account(QStringLiteral("account"),
                               QStringLiteral("Device account to open (default: local)."),
                               QStringLiteral("ID"), QStringLiteral("local"));
    QCommandLineOption lockMinutes(QStringLiteral("lock-after"),
                                   QStringLiteral("Lock after MINUTES without input; 0 never "
                                                  "(default 5)."),
                                   QStringLiteral("MINUTES"), QStringLiteral("5"));
    QCommandLineOption quitAfter(QStringLiteral("quit-after"),
                                 QStringLiteral("Quit after MS milliseconds (smoke tests)."),
                                 QStringLiteral("MS"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("With --quit-after: save the window as a PNG "
                                                 "to FILE before quitting."),
                                  QStringLiteral("FILE"));
    QCommandLineOption server(QStringLiteral("server"),
                              QStringLiteral("Server address to offer on first run."),
                              QStringLiteral("URL"));
    QCommandLineOption user(QStringLiteral("user"),
                            QStringLiteral("User name to offer on first run."),
                            QStringLiteral("NAME"));
    parser.addOptions({dataDir, account, lockMinutes, quitAfter, screenshot, server, user});
    parser.process(app);

    StoreLocation location;
    if (parser.isSet(dataDir)) {
        location = StoreLocation::inDirectory(QDir(parser.value(dataDir)).absolutePath());
    } else {
        auto forAccount = StoreLocation::forAccount(parser.value(account));
        if (!forAccount) {
            std::fprintf(stderr, "outpost: %s\n", qPrintable(forAccount.error().message));
            return 2;
        }
        location = *forAccount;
    }
    bool minutesOk = false;
    const int minutes = parser.value(lockMinutes).toInt(&minutesOk);
    if (!minutesOk || minutes < 0) {
        std::fprintf(stderr, "outpost: --lock-after takes a number of minutes\n");
        return 2;
    }

    ui::EnglishPlurals plurals;
    QApplication::installTranslator(&plurals);
    ui::applyFieldTheme(app);
    ui::MainWindow window(location, StoreOptions{}, minutes * 60 * 1000);
    window.enrollPage()->prefill(parser.value(server), parser.value(user));
    window.show();
    if (parser.isSet(quitAfter)) {
        const QString shotPath = parser.value(screenshot);
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, [&window, shotPath] {
            if (!shotPath.isEmpty() && !window.grab().save(shotPath))
                std::fprintf(stderr, "outpost: cannot write %s\n", qPrintable(shotPath));
            QApplication::quit();
        });
    }
    return app.exec();
}
