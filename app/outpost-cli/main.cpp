// outpost-cli: a headless Outpost device (see clicommands.h and docs/sync-engine.md).
#include <QCoreApplication>
#include <QLoggingCategory>

#include "clicommands.h"
#include "outpost/version.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("outpost.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("outpost-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("outpost"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(outpost::kVersion));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return outpost::CliCommands(args).run();
}
