// The command line of outpost-server: init, serve, and the admin commands (user, team, form,
// device, conflicts, audit, export). Each prints a line per result to stdout, errors to
// stderr, and returns the process exit code (0 ok, 1 failure, 2 usage).
#pragma once

#include <QStringList>

#include "result.h"
#include "serverconfig.h"

namespace outpost {

class ServerStore;

class AdminCommands
{
public:
    explicit AdminCommands(QStringList arguments) : m_args(std::move(arguments)) {}

    int run();

private:
    // Removes "--name VALUE" from m_args and returns VALUE (or fallback).
    QString takeOption(const QString &name, const QString &fallback = {});
    bool takeFlag(const QString &name);
    Result<ServerConfig> loadConfig();

    int init();
    Status initDemo(ServerStore *store, qint64 orgId, const ServerConfig &config,
                    const QString &formsDir);
    int serve();
    int usage(const QString &problem = {});
    int user();
    int team();
    int form();
    int formImport(Result<ServerConfig>
                       config); // XLSForm (.xlsx / CSV) -> our definition, optionally published
    int device();
    int conflicts();
    int audit();
    int exportForm();
    int routes();       // the HTTP endpoints and who may call them (tests/server/tst_serveraccess)
    int metricsToken(); // a new /metrics bearer token; its hash goes to the configuration
    // Reads a password from the first line of standard input (never from the command line).
    static QString readPassword();

    QStringList m_args;
};

} // namespace outpost
