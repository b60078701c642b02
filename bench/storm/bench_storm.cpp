// bench_storm: a reconnection storm against the real server. N simulated devices (each with
// its own device token, signed in through the API beforehand) come back online at the same
// moment, each pushing `ops` offline creates in one batch and then pulling until nothing is
// left; 503s are retried after Retry-After with jitter. Prints throughput, latency percentiles,
// answers by kind, the server's peak RSS, and checks that every op is on the server exactly
// once (supervisor pull + audit log).
//   bench_storm [--postgres] [--devices 1000] [--ops 100] [--users 100] [--one-team-own]
// Users u0..uN-1 are collectors, each in a team of their own (tK), with their devices spread
// over them; the form (team visibility) is published to every team, so a device pulls what its
// team's devices pushed (a realistic page count). --one-team-own puts every user in one team
// with an own-records form: each device pulls only its user's records out of the team's
// stream (a collector's pull reads its own changes, not the team's; docs/performance.md).
// With --postgres (two server processes on one database, devices split between them),
// OUTPOST_TEST_PG_STATE must name a running cluster (scripts/pg-test-cluster.sh start DIR).
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

#include <memory>

#include "stormdevice.h"
#include "stormstats.h"
#include "syncclient.h"
#include "timeuuid.h"

using namespace testsupport;

namespace {

QTextStream out(stdout);

struct Options
{
    int devices = 1000;
    int ops = 100;
    int users = 100;
};

void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit); // the servers inherit it
    }
}

// The server processes serving dataDir (their command lines name it).
QList<qint64> serverPids(const QString &dataDir)
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        if (args.contains("serve") && args.contains(dataDir.toUtf8()))
            pids << pid;
    }
    return pids;
}

double statusMiB(qint64 pid, const QByteArray &key)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

QByteArray pushBody(int ops, QSet<QString> *recordIds, QSet<QString> *opIds)
{
    QJsonArray array;
    for (int i = 0; i < ops; ++i) {
        const outpost::Operation op =
            makeOp(outpost::OperationKind::Create, outpost::timeOrderedUuid(), 0,
                   {{QStringLiteral("a"), QStringLiteral("offline value %1").arg(i)},
                    {QStringLiteral("b"), i}},
                   QStringLiteral("storm"));
        recordIds->insert(op.entityId.toString(QUuid::WithoutBraces));
        opIds->insert(op.opId.toString(QUuid::WithoutBraces));
        array.append(op.toJson());
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("ops"), array}})
        .toJson(QJsonDocument::Compact);
}

// Signs every device in through the API, a few at a time; returns their tokens.
QList<QByteArray> signInDevices(const Options &options, const QList<quint16> &ports)
{
    QList<QByteArray> tokens(options.devices);
    std::vector<std::unique_ptr<StormConnection>> connections;
    for (int i = 0; i < options.devices; ++i)
        connections.push_back(std::make_unique<StormConnection>(ports[i % ports.size()]));
    int next = 0;
    int done = 0;
    QEventLoop loop;
    std::function<void(int)> attempt = [&](int i) {
        const QString user = QStringLiteral("u%1").arg(i % options.users);
        const QByteArray body =
            QJsonDocument(
                QJsonObject{{QStringLiteral("username"), user},
                            {QStringLiteral("password"), password(user)},
                            {QStringLiteral("device_name"), QStringLiteral("storm %1").arg(i)}})
                .toJson(QJsonDocument::Compact);
        connections[i]->send("POST", "/api/v1/auth/signin", {}, body, [&, i](const StormReply &r) {
            if (r.status == 503 || r.status == 0) {
                QTimer::singleShot(1000, &loop, [&attempt, i]() { attempt(i); });
                return;
            }
            tokens[i] = QJsonDocument::fromJson(r.body)
                            .object()
                            .value(QStringLiteral("access_token"))
                            .toString()
                            .toLatin1();
            if (tokens[i].isEmpty())
                out << "sign-in " << i << " failed: HTTP " << r.status << ' ' << r.body << Qt::endl;
            if (++done == options.devices)
                loop.quit();
            else if (next < options.devices)
                attempt(next++);
        });
    };
    for (int k = 0; k < 6 && next < options.devices; ++k)
        attempt(next++);
    loop.exec();
    return tokens;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    raiseFileLimit();
    QStringList args = app.arguments();
    if (args.contains(QStringLiteral("--postgres")))
        qputenv("OUTPOST_TEST_DB", "postgres");
    auto option = [&args](const QString &name, int fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    Options options;
    options.devices = option(QStringLiteral("--devices"), options.devices);
    options.ops = option(QStringLiteral("--ops"), options.ops);
    options.users =
        std::clamp(option(QStringLiteral("--users"), options.users), 1, options.devices);
    const bool postgres = TestServer::usePostgres();

    std::vector<std::unique_ptr<TestServer>> servers;
    servers.push_back(std::make_unique<TestServer>());
    TestServer &first = *servers.front();
    if (!first.start()) {
        out << "cannot start the server: " << first.lastError() << Qt::endl;
        return 1;
    }
    QElapsedTimer setup;
    setup.start();
    bool ok = true;
    const bool oneTeam = args.contains(QStringLiteral("--one-team-own"));
    QStringList teams;
    for (int u = 0; ok && u < options.users; ++u) {
        if (!oneTeam || u == 0) {
            teams << QStringLiteral("t%1").arg(u);
            ok = addTeam(first, teams.last());
        }
        ok = ok && addUser(first, QStringLiteral("u%1").arg(u), teams.last(),
                           QStringLiteral("collector"));
    }
    ok = ok && publishFormToTeams(first, QStringLiteral("storm"), QStringLiteral("last-write-wins"),
                                  teams, oneTeam ? QStringLiteral("own") : QStringLiteral("team"));
    if (postgres) {
        servers.push_back(std::make_unique<TestServer>());
        ok = ok && servers.back()->shareDataOf(first);
    }
    if (!ok) {
        out << "setup failed" << Qt::endl;
        return 1;
    }
    QList<quint16> ports;
    for (const auto &server : servers)
        ports << server->port();
    const QList<QByteArray> tokens = signInDevices(options, ports);
    if (tokens.contains(QByteArray())) {
        out << "some devices could not sign in" << Qt::endl;
        return 1;
    }
    QSet<QString> recordIds;
    QSet<QString> opIds;
    StormStats stats;
    std::vector<std::unique_ptr<StormDevice>> devices;
    for (int i = 0; i < options.devices; ++i)
        devices.push_back(std::make_unique<StormDevice>(
            ports[i % ports.size()], tokens[i], pushBody(options.ops, &recordIds, &opIds),
            options.ops, static_cast<quint32>(1000 + i), &stats));
    const QList<qint64> pids = serverPids(first.dataDir());
    double rssBeforeMiB = 0;
    for (qint64 pid : pids) {
        rssBeforeMiB = std::max(rssBeforeMiB, statusMiB(pid, "VmRSS"));
        // Forget the sign-ins' peak (Argon2id takes 64 MiB per verification): from here on,
        // VmHWM is the storm's.
        QFile clearRefs(QStringLiteral("/proc/%1/clear_refs").arg(pid));
        if (clearRefs.open(QIODevice::WriteOnly))
            clearRefs.write("5");
    }
    out << "setup (" << options.users << " users, " << options.devices << " devices signed in) "
        << setup.elapsed() / 1000 << " s; " << pids.size() << " server process(es)" << Qt::endl;

    // The storm: everyone at once.
    QEventLoop loop;
    int finished = 0;
    QElapsedTimer storm;
    storm.start();
    for (auto &device : devices) {
        QObject::connect(device.get(), &StormDevice::finished, &loop, [&]() {
            if (++finished == options.devices)
                loop.quit();
        });
        device->start();
    }
    QTimer::singleShot(20 * 60 * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    const double seconds = storm.nsecsElapsed() / 1e9;

    int succeeded = 0;
    qint64 acknowledged = 0;
    qint64 pulled = 0;
    QStringList errors;
    for (const auto &device : devices) {
        succeeded += device->succeeded() ? 1 : 0;
        acknowledged += device->opsAcknowledged();
        pulled += device->recordsPulled();
        if (!device->succeeded() && errors.size() < 5)
            errors << (device->error().isEmpty() ? QStringLiteral("did not finish")
                                                 : device->error());
    }
    const QString backend = postgres ? QStringLiteral("postgres, 2 server processes")
                                     : QStringLiteral("sqlite, 1 server process");
    out << "storm " << backend << ": " << options.devices << " devices x " << options.ops
        << " ops: done " << succeeded << '/' << options.devices << " in "
        << QString::number(seconds, 'f', 1) << " s; " << qRound(acknowledged / seconds)
        << " ops/s acknowledged; " << pulled << " records pulled (" << qRound(pulled / seconds)
        << "/s)" << Qt::endl;
    for (const QString &error : errors)
        out << "  device error: " << error << Qt::endl;
    out << "latency push p50 " << StormStats::percentileMs(stats.pushLatencyUs, 0.5) << " ms, p99 "
        << StormStats::percentileMs(stats.pushLatencyUs, 0.99) << " ms; pull p50 "
        << StormStats::percentileMs(stats.pullLatencyUs, 0.5) << " ms, p99 "
        << StormStats::percentileMs(stats.pullLatencyUs, 0.99) << " ms; device done p50 "
        << StormStats::percentileMs(stats.deviceUs, 0.5) / 1000 << " s, p99 "
        << StormStats::percentileMs(stats.deviceUs, 0.99) / 1000 << " s" << Qt::endl;
    out << "answers: " << stats.answersText() << Qt::endl;
    QStringList rss;
    for (qint64 pid : pids)
        rss << QStringLiteral("%1 MiB").arg(statusMiB(pid, "VmHWM"), 0, 'f', 1);
    out << "server peak RSS (VmHWM): " << rss.join(QStringLiteral(", "))
        << " (RSS before the storm " << QString::number(rssBeforeMiB, 'f', 1) << " MiB)"
        << Qt::endl;

    devices.clear(); // no device talks to the server any more

    // Nothing lost, nothing doubled: the form's export (every team) and the audit log.
    QSet<QString> found;
    qint64 extra = 0;
    const auto exported = first.admin({QStringLiteral("export"), QStringLiteral("storm"),
                                       QStringLiteral("--format"), QStringLiteral("csv")});
    const QList<QByteArray> rows = exported.out.split('\n');
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QString id = QString::fromUtf8(rows[i].left(rows[i].indexOf(','))).trimmed();
        if (id.isEmpty())
            continue;
        if (!recordIds.contains(id) || found.contains(id))
            ++extra;
        found.insert(id);
    }
    QHash<QString, int> applied;
    qint64 after = 0;
    for (;;) {
        const auto result =
            first.admin({QStringLiteral("audit"), QStringLiteral("--after"), QString::number(after),
                         QStringLiteral("--limit"), QStringLiteral("5000")});
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        int read = 0;
        for (const QByteArray &line : lines) {
            const QJsonObject entry = QJsonDocument::fromJson(line).object();
            if (entry.isEmpty())
                continue;
            ++read;
            after = entry.value(QStringLiteral("id")).toInteger();
            applied[entry.value(QStringLiteral("op_id")).toString()] += 1;
        }
        if (read < 5000 || result.exitCode != 0)
            break;
    }
    qint64 duplicates = 0;
    qint64 notApplied = 0;
    for (const QString &op : std::as_const(opIds)) {
        const int n = applied.value(op);
        duplicates += n > 1 ? n - 1 : 0;
        notApplied += n == 0 ? 1 : 0;
    }
    out << "check: ops sent " << opIds.size() << ", records on the server " << found.size()
        << ", lost " << (recordIds.size() - found.size()) << ", unexpected " << extra
        << ", audit entries per op: duplicates " << duplicates << ", missing " << notApplied
        << Qt::endl;
    const bool clean = succeeded == options.devices && found.size() == recordIds.size() &&
                       extra == 0 && duplicates == 0 && notApplied == 0;
    out << (clean ? "zero duplicates, nothing lost" : "PROBLEM: see above") << Qt::endl;
    return clean ? 0 : 1;
}
