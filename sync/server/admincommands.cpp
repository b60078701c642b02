#include "admincommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

#include "serverapp.h"
#include "serverstore.h"

namespace outpost {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const Error &error)
{
    err() << "outpost-server: " << error.message << " (" << error.code << ")\n";
    err().flush();
    return 1;
}

} // namespace

QString AdminCommands::takeOption(const QString &name, const QString &fallback)
{
    const qsizetype i = m_args.indexOf(name);
    if (i < 0 || i + 1 >= m_args.size())
        return fallback;
    const QString value = m_args.at(i + 1);
    m_args.remove(i, 2);
    return value;
}

bool AdminCommands::takeFlag(const QString &name)
{
    return m_args.removeAll(name) > 0;
}

Result<ServerConfig> AdminCommands::loadConfig()
{
    const QString dataDir =
        takeOption(QStringLiteral("--data"), qEnvironmentVariable("OUTPOST_SERVER_DATA"));
    if (dataDir.isEmpty())
        return Error::permanentError(QStringLiteral("usage"),
                                     QStringLiteral("--data DIR is required"));
    if (!QDir(dataDir).exists())
        return Error::permanentError(QStringLiteral("no_data_dir"),
                                     QStringLiteral("%1 does not exist; run init").arg(dataDir));
    return ServerConfig::load(QDir(dataDir).absolutePath());
}

int AdminCommands::run()
{
    if (m_args.isEmpty())
        return usage();
    const QString command = m_args.takeFirst();
    if (command == QStringLiteral("init"))
        return init();
    if (command == QStringLiteral("serve"))
        return serve();
    if (command == QStringLiteral("--version") || command == QStringLiteral("version")) {
        out() << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    if (command == QStringLiteral("help") || command == QStringLiteral("--help"))
        return usage();
    return usage(QStringLiteral("unknown command \"%1\"").arg(command));
}

int AdminCommands::usage(const QString &problem)
{
    QTextStream &stream = problem.isEmpty() ? out() : err();
    if (!problem.isEmpty())
        stream << "outpost-server: " << problem << "\n\n";
    stream << "usage: outpost-server COMMAND --data DIR [options]\n"
              "  init                          create DIR, its configuration and database\n"
              "  serve [--listen HOST:PORT]    run the server (port 0 picks a free port)\n";
    stream.flush();
    return problem.isEmpty() ? 0 : 2;
}

int AdminCommands::init()
{
    const QString dataDir = takeOption(QStringLiteral("--data"));
    if (dataDir.isEmpty())
        return usage(QStringLiteral("init needs --data DIR"));
    if (!QDir().mkpath(dataDir))
        return fail(Error::permanentError(QStringLiteral("no_data_dir"),
                                          QStringLiteral("cannot create %1").arg(dataDir)));
    const QString absolute = QDir(dataDir).absolutePath();
    auto config = ServerConfig::load(absolute);
    if (!config)
        return fail(config.error());
    if (!QFile::exists(ServerConfig::fileName(absolute))) {
        if (auto saved = config->save(); !saved)
            return fail(saved.error());
    }
    ServerStore store(config->database, config->sqlitePath());
    if (auto migrated = store.migrate(); !migrated)
        return fail(migrated.error());
    out() << "initialised " << absolute << " (" << config->database.driver << ")\n";
    out().flush();
    return 0;
}

int AdminCommands::serve()
{
    auto config = loadConfig();
    if (!config)
        return fail(config.error());
    const QString listen = takeOption(QStringLiteral("--listen"), config->listen);
    ServerApp app(*config);
    auto port = app.start(listen);
    if (!port)
        return fail(port.error());
    out() << "outpost-server listening on port " << *port << '\n';
    out().flush();
    return QCoreApplication::exec();
}

} // namespace outpost
