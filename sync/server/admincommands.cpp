#include "admincommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "api.h"
#include "auditlog.h"
#include "consolestreams.h"
#include "directory.h"
#include "exporter.h"
#include "formcatalog.h"
#include "jsonlog.h"
#include "metrics.h"
#include "router.h"
#include "serverapp.h"
#include "serverstore.h"
#include "tokens.h"
#include "xlsformimporter.h"

namespace outpost {

using console::err;
using console::out;

namespace {

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
    if (command == QStringLiteral("user"))
        return user();
    if (command == QStringLiteral("team"))
        return team();
    if (command == QStringLiteral("form"))
        return form();
    if (command == QStringLiteral("device"))
        return device();
    if (command == QStringLiteral("conflicts"))
        return conflicts();
    if (command == QStringLiteral("audit"))
        return audit();
    if (command == QStringLiteral("export"))
        return exportForm();
    if (command == QStringLiteral("routes"))
        return routes();
    if (command == QStringLiteral("metrics-token"))
        return metricsToken();
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
              "  init --demo [--forms DIR]     also a demo team, users and the forms in DIR\n"
              "  serve [--listen HOST:PORT] [--log-format text|json]\n"
              "                                run the server (port 0 picks a free port)\n"
              "  team add NAME\n"
              "  user add NAME --team TEAM --role ROLE   (password: first line of stdin)\n"
              "  user passwd NAME                        (password: first line of stdin)\n"
              "  user role NAME --team TEAM --role collector|supervisor|admin|none\n"
              "  form publish FILE --team TEAM [--team TEAM2] [--visibility own|team]\n"
              "  form import XLSFORM [--publish TEAM]... [--visibility own|team] [--json]\n"
              "  device list [--json] | device revoke ID | device wipe ID\n"
              "  conflicts list [--status open|auto_resolved|resolved]\n"
              "  audit [--record ID] [--after ID] [--limit N]\n"
              "  export FORM_ID [--format csv|geojson] [--out FILE]\n"
              "  routes [--json]               the HTTP endpoints and who may call them\n"
              "  metrics-token [--write]       a new bearer token for /metrics, printed once, and\n"
              "                                its sha256 for auth.metrics_token_sha256 (--write:\n"
              "                                stored in DIR/outpost-server.json)\n";
    stream.flush();
    return problem.isEmpty() ? 0 : 2;
}

Status AdminCommands::initDemo(ServerStore *store, qint64 orgId, const ServerConfig &config,
                               const QString &formsDir)
{
    // Demo accounts with published passwords: for trying Outpost out, never for real data.
    Directory directory(store);
    auto team = directory.addTeam(orgId, QStringLiteral("demo"));
    if (!team && team.error().code != QStringLiteral("exists"))
        return team.error();
    for (const QString &role :
         {QStringLiteral("collector"), QStringLiteral("supervisor"), QStringLiteral("admin")}) {
        const QString password = QStringLiteral("%1-demo").arg(role);
        auto user = directory.addUser(orgId, role, password, config.auth.passwordCost);
        if (!user && user.error().code != QStringLiteral("exists"))
            return user.error();
        if (auto s = directory.setRole(orgId, role, QStringLiteral("demo"), role); !s)
            return s;
        out() << "demo user " << role << " (password " << password << ")\n";
    }
    if (formsDir.isEmpty())
        return {};
    const QDir dir(formsDir);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return Error::permanentError(QStringLiteral("not_found"),
                                         QStringLiteral("cannot read %1").arg(file.fileName()));
        const QJsonObject definition = QJsonDocument::fromJson(file.readAll()).object();
        auto published = FormCatalog::publish(store, orgId, definition, {QStringLiteral("demo")},
                                              QStringLiteral("team"));
        if (!published && !published.error().message.contains(QStringLiteral("already")))
            return Error::permanentError(
                published.error().code,
                QStringLiteral("%1: %2").arg(name, published.error().message));
        out() << "demo form " << name << " published\n";
    }
    return {};
}

int AdminCommands::init()
{
    const bool demo = takeFlag(QStringLiteral("--demo"));
    const QString formsDir = takeOption(QStringLiteral("--forms"));
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
    auto org = Directory(&store).ensureOrganisation(config->organisation);
    if (!org)
        return fail(org.error());
    if (demo) {
        if (auto s = initDemo(&store, *org, *config, formsDir); !s)
            return fail(s.error());
    }
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
    const QString logFormat =
        takeOption(QStringLiteral("--log-format"),
                   qEnvironmentVariable("OUTPOST_LOG_FORMAT", QStringLiteral("text")));
    if (logFormat == QStringLiteral("json"))
        installJsonLogHandler();
    else if (logFormat != QStringLiteral("text"))
        return usage(QStringLiteral("--log-format is text or json"));
    ServerApp app(*config);
    auto port = app.start(listen);
    if (!port)
        return fail(port.error());
    out() << "outpost-server listening on port " << *port << '\n';
    out().flush();
    return QCoreApplication::exec();
}

QString AdminCommands::readPassword()
{
    QTextStream in(stdin);
    return in.readLine();
}

namespace {

// Opens the store of an initialised data directory and finds its organisation.
struct AdminContext
{
    ServerConfig config;
    std::unique_ptr<ServerStore> store;
    qint64 orgId = 0;
};

Result<AdminContext> openContext(Result<ServerConfig> config)
{
    if (!config)
        return config.error();
    AdminContext context;
    context.config = *config;
    context.store = std::make_unique<ServerStore>(config->database, config->sqlitePath());
    if (auto migrated = context.store->migrate(); !migrated)
        return migrated.error();
    auto org = Directory(context.store.get()).ensureOrganisation(config->organisation);
    if (!org)
        return org.error();
    context.orgId = *org;
    return context;
}

int done(const Status &status, const QString &message)
{
    if (!status)
        return fail(status.error());
    out() << message << '\n';
    out().flush();
    return 0;
}

} // namespace

int AdminCommands::team()
{
    auto context = openContext(loadConfig());
    if (!context)
        return fail(context.error());
    if (m_args.size() != 2 || m_args[0] != QStringLiteral("add"))
        return usage(QStringLiteral("team add NAME"));
    auto id = Directory(context->store.get()).addTeam(context->orgId, m_args[1]);
    if (!id)
        return fail(id.error());
    return done({}, QStringLiteral("team %1 added (id %2)").arg(m_args[1]).arg(*id));
}

int AdminCommands::user()
{
    auto context = openContext(loadConfig());
    if (!context)
        return fail(context.error());
    Directory directory(context->store.get());
    const QString team = takeOption(QStringLiteral("--team"));
    const QString role = takeOption(QStringLiteral("--role"), QStringLiteral("collector"));
    const QString cost = context->config.auth.passwordCost;
    if (m_args.size() != 2)
        return usage(QStringLiteral("user add|passwd|role NAME ..."));
    const QString sub = m_args[0];
    const QString name = m_args[1];
    if (sub == QStringLiteral("add")) {
        auto id = directory.addUser(context->orgId, name, readPassword(), cost);
        if (!id)
            return fail(id.error());
        if (!team.isEmpty()) {
            if (auto s = directory.setRole(context->orgId, name, team, role); !s)
                return fail(s.error());
        }
        return done({}, QStringLiteral("user %1 added (id %2)").arg(name).arg(*id));
    }
    if (sub == QStringLiteral("passwd"))
        return done(directory.setPassword(name, readPassword(), cost),
                    QStringLiteral("password of %1 changed").arg(name));
    if (sub == QStringLiteral("role")) {
        if (team.isEmpty())
            return usage(QStringLiteral("user role NAME --team TEAM --role ROLE"));
        return done(directory.setRole(context->orgId, name, team, role),
                    QStringLiteral("%1 is %2 in %3").arg(name, role, team));
    }
    return usage(QStringLiteral("unknown user command \"%1\"").arg(sub));
}

namespace {

int publishForm(AdminContext &context, const QJsonObject &definition, const QStringList &teams,
                const QString &visibility)
{
    auto version =
        FormCatalog::publish(context.store.get(), context.orgId, definition, teams, visibility);
    if (!version)
        return fail(version.error());
    return done({}, QStringLiteral("form %1 published to %2 (version %3)")
                        .arg(definition.value(QStringLiteral("id")).toString(),
                             teams.join(QStringLiteral(", ")))
                        .arg(*version));
}

} // namespace

int AdminCommands::form()
{
    Result<ServerConfig> config = loadConfig(); // takes --data wherever it stands
    if (!m_args.isEmpty() && m_args[0] == QStringLiteral("import"))
        return formImport(std::move(config));
    auto context = openContext(std::move(config));
    if (!context)
        return fail(context.error());
    QStringList teams;
    for (QString t = takeOption(QStringLiteral("--team")); !t.isEmpty();
         t = takeOption(QStringLiteral("--team")))
        teams.append(t);
    const QString visibility = takeOption(QStringLiteral("--visibility"), QStringLiteral("own"));
    if (m_args.size() != 2 || m_args[0] != QStringLiteral("publish"))
        return usage(QStringLiteral("form publish FILE --team TEAM"));
    QFile file(m_args[1]);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::permanentError(QStringLiteral("not_found"),
                                          QStringLiteral("cannot read %1").arg(m_args[1])));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject())
        return fail(Error::permanentError(QStringLiteral("invalid_form"),
                                          QStringLiteral("%1 is not a JSON object: %2")
                                              .arg(m_args[1], parseError.errorString())));
    return publishForm(*context, doc.object(), teams, visibility);
}

int AdminCommands::formImport(Result<ServerConfig> config)
{
    // form import FILE [--publish TEAM]... [--visibility own|team] [--json]: converts an
    // XLSForm (.xlsx, a survey .csv, or a directory of the sheets' CSVs) and prints what it
    // found; with --publish, publishes it too (then --data is needed).
    QStringList teams;
    for (QString t = takeOption(QStringLiteral("--publish")); !t.isEmpty();
         t = takeOption(QStringLiteral("--publish")))
        teams.append(t);
    const QString visibility = takeOption(QStringLiteral("--visibility"), QStringLiteral("own"));
    const bool json = takeFlag(QStringLiteral("--json"));
    if (m_args.size() != 2)
        return usage(QStringLiteral("form import FILE [--publish TEAM] [--visibility own|team] "
                                    "[--json]"));
    auto report = XlsFormImporter::importFile(m_args[1]);
    if (!report)
        return fail(report.error());
    out() << (json ? QString::fromUtf8(QJsonDocument(report->toJson()).toJson())
                   : report->toText());
    out().flush();
    if (teams.isEmpty())
        return 0; // only converting: the data directory is not needed
    auto context = openContext(std::move(config));
    if (!context)
        return fail(context.error());
    return publishForm(*context, report->form.toJson(), teams, visibility);
}

int AdminCommands::device()
{
    auto context = openContext(loadConfig());
    if (!context)
        return fail(context.error());
    Directory directory(context->store.get());
    const bool json = takeFlag(QStringLiteral("--json"));
    if (m_args.size() == 1 && m_args[0] == QStringLiteral("list")) {
        auto devices = directory.devices();
        if (!devices)
            return fail(devices.error());
        if (json) {
            out() << QJsonDocument(*devices).toJson(QJsonDocument::Compact) << '\n';
        } else {
            for (const auto &value : *devices) {
                const QJsonObject d = value.toObject();
                out() << d.value(QStringLiteral("id")).toString() << '\t'
                      << d.value(QStringLiteral("user")).toString() << '\t'
                      << d.value(QStringLiteral("name")).toString() << '\t'
                      << d.value(QStringLiteral("status")).toString() << '\t'
                      << d.value(QStringLiteral("last_seen_at")).toString(QStringLiteral("never"))
                      << '\n';
            }
        }
        out().flush();
        return 0;
    }
    if (m_args.size() == 2 && m_args[0] == QStringLiteral("revoke"))
        return done(directory.revokeDevice(m_args[1]),
                    QStringLiteral("device %1 revoked").arg(m_args[1]));
    if (m_args.size() == 2 && m_args[0] == QStringLiteral("wipe"))
        return done(directory.requestWipe(m_args[1]),
                    QStringLiteral("device %1 will be told to wipe").arg(m_args[1]));
    return usage(QStringLiteral("device list | revoke ID | wipe ID"));
}

int AdminCommands::conflicts()
{
    auto context = openContext(loadConfig());
    if (!context)
        return fail(context.error());
    const QString status = takeOption(QStringLiteral("--status"));
    if (m_args.size() != 1 || m_args[0] != QStringLiteral("list"))
        return usage(QStringLiteral("conflicts list [--status STATUS]"));
    QString sql = QStringLiteral("SELECT c.id, c.record_id, c.form_id, c.kind, c.status, "
                                 "u.username, c.fields FROM conflicts c JOIN users u ON u.id = "
                                 "c.user_id WHERE c.org_id = ?");
    QVariantList binds{context->orgId};
    if (!status.isEmpty()) {
        sql += QStringLiteral(" AND c.status = ?");
        binds.append(status);
    }
    auto q = context->store->exec(sql + QStringLiteral(" ORDER BY c.id"), binds);
    if (!q)
        return fail(q.error());
    while (q->next()) {
        out() << q->value(0).toString() << '\t' << q->value(1).toString() << '\t'
              << q->value(2).toString() << '\t' << q->value(3).toString() << '\t'
              << q->value(4).toString() << '\t' << q->value(5).toString() << '\t'
              << q->value(6).toString() << '\n';
    }
    out().flush();
    return 0;
}

int AdminCommands::audit()
{
    auto context = openContext(loadConfig());
    if (!context)
        return fail(context.error());
    const QString record = takeOption(QStringLiteral("--record"));
    const qint64 after = takeOption(QStringLiteral("--after"), QStringLiteral("0")).toLongLong();
    const int limit = takeOption(QStringLiteral("--limit"), QStringLiteral("1000")).toInt();
    if (!m_args.isEmpty())
        return usage(QStringLiteral("audit [--record ID] [--after ID] [--limit N]"));
    auto entries =
        AuditLog::query(context->store.get(), context->orgId, record, after, std::max(1, limit));
    if (!entries)
        return fail(entries.error());
    for (const auto &entry : *entries)
        out() << QJsonDocument(entry.toObject()).toJson(QJsonDocument::Compact) << '\n';
    out().flush();
    return 0;
}

int AdminCommands::exportForm()
{
    auto context = openContext(loadConfig());
    if (!context)
        return fail(context.error());
    const QString format = takeOption(QStringLiteral("--format"), QStringLiteral("csv"));
    const QString outFile = takeOption(QStringLiteral("--out"));
    if (m_args.size() != 1)
        return usage(QStringLiteral("export FORM_ID [--format csv|geojson] [--out FILE]"));
    auto data = Exporter::exportForm(context->store.get(), context->orgId, m_args[0], format);
    if (!data)
        return fail(data.error());
    if (outFile.isEmpty()) {
        out() << QString::fromUtf8(*data);
        out().flush();
        return 0;
    }
    QFile file(outFile);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(*data) != data->size())
        return fail(Error::permanentError(QStringLiteral("write_failed"),
                                          QStringLiteral("cannot write %1").arg(outFile)));
    return 0;
}

int AdminCommands::metricsToken()
{
    // The token is shown once, for the scraper; the configuration keeps only its sha256.
    const bool write = takeFlag(QStringLiteral("--write"));
    const QString token = Tokens::generate();
    const QString hash = Tokens::hash(token);
    if (write) {
        auto config = loadConfig();
        if (!config)
            return fail(config.error());
        // Saving rewrites the file: never a hand-edited (commented) or linked one, such as
        // the packaged /etc/outpost/server.conf.
        const QString path = ServerConfig::fileName(config->dataDir);
        QFile file(path);
        const bool commented = file.open(QIODevice::ReadOnly) &&
                               QString::fromUtf8(file.readAll())
                                   .contains(QRegularExpression(QStringLiteral("(^|\n)\\s*//")));
        if (QFileInfo(path).isSymLink() || commented)
            return fail(Error::permanentError(
                QStringLiteral("hand_edited_config"),
                QStringLiteral("%1 is a link or has comments: run metrics-token without --write "
                               "and add the line it prints to the \"auth\" block by hand")
                    .arg(path)));
        config->auth.metricsTokenSha256 = hash;
        if (auto s = config->save(); !s)
            return fail(s.error());
    } else {
        takeOption(QStringLiteral("--data")); // not needed: nothing is written
    }
    if (!m_args.isEmpty())
        return usage(QStringLiteral("metrics-token [--write]"));
    out() << token << '\n';
    out().flush();
    if (write)
        err() << "its sha256 is now auth.metrics_token_sha256 (it replaces any earlier one); "
                 "restart serve to use it\n";
    else
        err() << "add to the \"auth\" block of the configuration, then restart serve:\n"
              << "  \"metrics_token_sha256\": \"" << hash << "\"\n";
    err().flush();
    return 0;
}

int AdminCommands::routes()
{
    auto config = loadConfig();
    if (!config)
        return fail(config.error());
    const bool json = takeFlag(QStringLiteral("--json"));
    if (!m_args.isEmpty())
        return usage(QStringLiteral("routes [--json]"));
    // The routes `serve` would register; nothing is opened (the store connects on first use).
    ServerStore store(config->database, config->sqlitePath());
    Metrics metrics;
    Api api(&store, &metrics, *config);
    Router router;
    api.registerRoutes(router);
    QJsonArray list;
    for (const Route &route : router.routes()) {
        const QString access = accessName(route.access);
        if (json)
            list.append(QJsonObject{{QStringLiteral("method"), QString::fromLatin1(route.method)},
                                    {QStringLiteral("path"), route.pattern()},
                                    {QStringLiteral("access"), access}});
        else
            out() << route.method << '\t' << route.pattern() << '\t' << access << '\n';
    }
    if (json)
        out() << QJsonDocument(list).toJson(QJsonDocument::Compact) << '\n';
    out().flush();
    return 0;
}

} // namespace outpost
