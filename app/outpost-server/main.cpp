// outpost-server: `init`, `serve` and the admin commands. See docs/protocol.md
// ("Command line") and `outpost-server help`.
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

#include "admincommands.h"
#include "outpost/version.h"

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT / SIGTERM end the event loop cleanly (workers finish, connections close).
void installSignalHandlers(QCoreApplication *app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, app);
    QObject::connect(notifier, &QSocketNotifier::activated, app, [app] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        app->quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    // A file-size limit (ulimit -f) reached by an upload is a failed write (EFBIG, answered
    // 503 storage_error), not the end of the server.
    std::signal(SIGXFSZ, SIG_IGN);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("outpost-server"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(outpost::kVersion));
    installSignalHandlers(&app);
    outpost::AdminCommands commands(QCoreApplication::arguments().mid(1));
    return commands.run();
}
