// bench_server: push throughput and pull cost of the real server process.
//   bench_server [--postgres] [--ops N] [--batch N] [--devices N] [--pull-sizes 1000000]
//                [--full-pages 1000,5000] [--random-ids]
// --devices N: the push throughput is measured with N devices (signed in separately) pushing
// their shares of the ops at the same time, each on its own connection, one batch after the
// other (default 1: a single device).
//   bench_server [--postgres] --own-pull 20000
// --own-pull N measures only a collector's pull on an own-records form: 100 records of its
// own, pulled from the start, alone in the team and then among N records of another
// collector of the same team.
// Prints one line per measurement, with the CPU time the server process and this client
// spent (from /proc/PID/stat and getrusage: both share the machine's cores). With
// --postgres, OUTPOST_TEST_PG_STATE must name a running cluster
// (scripts/pg-test-cluster.sh start DIR). OUTPOST_SERVER_WRAPPER="valgrind --tool=callgrind"
// profiles the server.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>

#include <sys/resource.h>
#include <unistd.h>

#include "../benchcpu.h"
#include "syncclient.h"
#include "timeuuid.h"

using namespace testsupport;
using outpost::OperationKind;

namespace {

QTextStream out(stdout);

// --random-ids: version-4 (random) record and op ids, as older devices and other clients
// make them, instead of the time-ordered ids the device makes (core/records/timeuuid.h).
bool g_randomIds = false;

QUuid newId()
{
    return g_randomIds ? QUuid::createUuid() : outpost::timeOrderedUuid();
}

QByteArray batchBody(int count, int seed, const QString &formId = QStringLiteral("household"))
{
    QJsonArray ops;
    for (int i = 0; i < count; ++i) {
        outpost::Operation op =
            makeOp(OperationKind::Create, newId(), 0,
                   {{QStringLiteral("a"), QStringLiteral("value %1").arg(seed + i)},
                    {QStringLiteral("b"), seed + i},
                    {QStringLiteral("c"), QStringLiteral("some text of a field")}},
                   formId);
        op.opId = newId();
        ops.append(op.toJson());
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("ops"), ops}}).toJson(QJsonDocument::Compact);
}

using outpost::bench::processCpuMs;
using outpost::bench::selfCpuMs;

// Wall and CPU time of a measured stretch.
struct Cost
{
    double wallMs = 0;
    double serverCpuMs = 0;
    double clientCpuMs = 0;

    Cost &operator+=(const Cost &other)
    {
        wallMs += other.wallMs;
        serverCpuMs += other.serverCpuMs;
        clientCpuMs += other.clientCpuMs;
        return *this;
    }
};

class Stopwatch
{
public:
    explicit Stopwatch(qint64 serverPid)
        : m_pid(serverPid), m_server(processCpuMs(serverPid)), m_client(selfCpuMs())
    {
        m_timer.start();
    }
    Cost cost() const
    {
        return Cost{static_cast<double>(m_timer.nsecsElapsed()) / 1e6,
                    processCpuMs(m_pid) - m_server, selfCpuMs() - m_client};
    }

private:
    qint64 m_pid;
    double m_server;
    double m_client;
    QElapsedTimer m_timer;
};

qint64 g_serverPid = 0;

// Pushes total ops in batches (request bodies built before timing).
Cost pushOps(HttpClient &client, int total, int batch,
             const QString &formId = QStringLiteral("household"))
{
    std::vector<QByteArray> bodies;
    for (int done = 0; done < total; done += batch)
        bodies.push_back(batchBody(std::min(batch, total - done), done, formId));
    const Stopwatch watch(g_serverPid);
    for (const auto &body : bodies) {
        const HttpResult r =
            client.request("POST", QStringLiteral("/api/v1/push"), body, {}, 600000);
        if (r.status != 200) {
            out << "push failed: " << r.status << ' ' << r.body << Qt::endl;
            return {};
        }
    }
    return watch.cost();
}

// The same with several devices at once: the ops are split between the clients, which push
// their batches concurrently (one thread and one connection each).
Cost pushOpsConcurrently(const std::vector<QString> &tokens, quint16 port, int total, int batch)
{
    const int devices = static_cast<int>(tokens.size());
    std::vector<std::vector<QByteArray>> bodies(tokens.size());
    int next = 0;
    for (int done = 0; done < total; done += batch, ++next)
        bodies[static_cast<size_t>(next % devices)].push_back(
            batchBody(std::min(batch, total - done), done));
    std::atomic<int> failures = 0;
    std::vector<std::unique_ptr<QThread>> threads;
    for (size_t d = 0; d < tokens.size(); ++d)
        threads.emplace_back(QThread::create([&, d] {
            HttpClient client(port);
            client.setToken(tokens[d]);
            for (const auto &body : bodies[d]) {
                const HttpResult r =
                    client.request("POST", QStringLiteral("/api/v1/push"), body, {}, 600000);
                if (r.status != 200) {
                    ++failures;
                    return;
                }
            }
        }));
    const Stopwatch watch(g_serverPid);
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        thread->wait();
    if (failures > 0) {
        out << "push failed on " << failures << " devices" << Qt::endl;
        return {};
    }
    return watch.cost();
}

QString perOp(double ms, int ops)
{
    return QString::number(ms * 1000.0 / std::max(1, ops), 'f', 1);
}

// Pulls from cursor (updated) until nothing is left.
QString drainCursor(HttpClient &client, QString &cursor)
{
    for (;;) {
        const QJsonObject page =
            client.get(QStringLiteral("/api/v1/pull?limit=5000&cursor=%1").arg(cursor)).json();
        cursor = page.value(QStringLiteral("cursor")).toString();
        if (!page.value(QStringLiteral("has_more")).toBool())
            return cursor;
    }
}

// Median time of pulling the latest `changes` changes, in milliseconds.
double pullChangesMs(HttpClient &client, int changes)
{
    static QString drained; // where the previous measurement left off
    std::vector<double> samples;
    for (int round = 0; round < 7; ++round) {
        const QString cursor = drainCursor(client, drained);
        pushOps(client, changes, changes);
        QElapsedTimer timer;
        timer.start();
        const HttpResult r =
            client.get(QStringLiteral("/api/v1/pull?limit=%1&cursor=%2").arg(changes).arg(cursor));
        samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (r.json().value(QStringLiteral("records")).toArray().size() != changes)
            out << "pull returned the wrong count" << Qt::endl;
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

// A fresh pull from the start (pages of 1,000) until has_more is false: median wall time of
// 7 rounds, with the records and pages of the last round.
struct FullPull
{
    double medianMs = 0;
    double serverCpuMs = 0; // the median round's
    int records = 0;
    int pages = 0;
};

FullPull pullFromStart(HttpClient &client)
{
    std::vector<std::pair<double, double>> samples;
    FullPull result;
    for (int round = 0; round < 7; ++round) {
        const Stopwatch watch(g_serverPid);
        QString cursor;
        result.records = 0;
        result.pages = 0;
        for (;;) {
            const HttpResult r =
                client.get(QStringLiteral("/api/v1/pull?limit=1000&cursor=%1").arg(cursor));
            const QJsonObject json = r.json();
            ++result.pages;
            result.records += json.value(QStringLiteral("records")).toArray().size();
            cursor = json.value(QStringLiteral("cursor")).toString();
            if (r.status != 200 || !json.value(QStringLiteral("has_more")).toBool())
                break;
        }
        const Cost cost = watch.cost();
        samples.emplace_back(cost.wallMs, cost.serverCpuMs);
    }
    std::sort(samples.begin(), samples.end());
    result.medianMs = samples[samples.size() / 2].first;
    result.serverCpuMs = samples[samples.size() / 2].second;
    return result;
}

// --own-pull: a collector's pull of its 100 records on an own-records form, alone and then
// among `others` records of another collector of the same team.
int ownPull(TestServer &server, int others, int batch, const QString &backend)
{
    addUser(server, QStringLiteral("alice"), QStringLiteral("north"), QStringLiteral("collector"));
    addUser(server, QStringLiteral("bob"), QStringLiteral("north"), QStringLiteral("collector"));
    publishForm(server, QStringLiteral("private"), QStringLiteral("last-write-wins"),
                QStringLiteral("north"), QStringLiteral("own"));
    HttpClient alice(server.port());
    alice.setToken(signIn(server.port(), QStringLiteral("alice")).token);
    HttpClient bob(server.port());
    bob.setToken(signIn(server.port(), QStringLiteral("bob")).token);
    pushOps(alice, 100, 100, QStringLiteral("private"));
    auto report = [&](int count) {
        const FullPull pull = pullFromStart(alice);
        out << "own-records pull " << backend << ": " << pull.records << " records in "
            << pull.pages << " page(s) among " << count
            << " other-owner records: " << QString::number(pull.medianMs, 'f', 2)
            << " ms (median of 7), server CPU " << QString::number(pull.serverCpuMs, 'f', 2)
            << " ms" << Qt::endl;
        return pull.medianMs;
    };
    const double alone = report(0);
    pushOps(bob, others, batch, QStringLiteral("private"));
    const double among = report(others);
    out << "ratio among " << others << " / alone: " << QString::number(among / alone, 'f', 2)
        << Qt::endl;
    server.stop();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    if (args.contains(QStringLiteral("--postgres")))
        qputenv("OUTPOST_TEST_DB", "postgres");
    auto option = [&args](const QString &name, const QString &fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const int totalOps = option(QStringLiteral("--ops"), QStringLiteral("100000")).toInt();
    const int batch = option(QStringLiteral("--batch"), QStringLiteral("500")).toInt();
    g_randomIds = args.contains(QStringLiteral("--random-ids"));
    const int devices =
        std::max(1, option(QStringLiteral("--devices"), QStringLiteral("1")).toInt());
    const QStringList pullSizes =
        option(QStringLiteral("--pull-sizes"), QStringLiteral("1000000")).split(QLatin1Char(','));
    const QStringList fullPages =
        option(QStringLiteral("--full-pages"), QStringLiteral("1000,5000")).split(QLatin1Char(','));
    const QString backend =
        TestServer::usePostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite");

    TestServer server;
    if (!server.start({{QStringLiteral("limits"),
                        QJsonObject{{QStringLiteral("max_pull_page_size"), 10000}}}})) {
        out << "cannot start the server: " << server.lastError() << Qt::endl;
        return 1;
    }
    g_serverPid = server.processId();
    addTeam(server, QStringLiteral("north"));
    addUser(server, QStringLiteral("bench"), QStringLiteral("north"), QStringLiteral("supervisor"));
    publishForm(server, QStringLiteral("household"), QStringLiteral("last-write-wins"),
                QStringLiteral("north"), QStringLiteral("team"));
    if (const int others = option(QStringLiteral("--own-pull"), QStringLiteral("-1")).toInt();
        others >= 0)
        return ownPull(server, others, batch, backend);
    HttpClient client(server.port());
    client.setToken(signIn(server.port(), QStringLiteral("bench")).token);

    // 1. The first 10,000 records, then the cost of pulling 100 fresh changes at that size.
    const int small = std::min(10000, totalOps);
    Cost push = pushOps(client, small, batch);
    out << "pull of 100 changes " << backend << " at " << small
        << " records: " << QString::number(pullChangesMs(client, 100), 'f', 2)
        << " ms (median of 7)" << Qt::endl;
    int stored = small + 700;
    // 2. The rest of the push; throughput over all totalOps pushed ops.
    if (totalOps > small && devices == 1) {
        push += pushOps(client, totalOps - small, batch);
    } else if (totalOps > small) {
        std::vector<QString> tokens;
        for (int d = 0; d < devices; ++d)
            tokens.push_back(signIn(server.port(), QStringLiteral("bench")).token);
        push += pushOpsConcurrently(tokens, server.port(), totalOps - small, batch);
    }
    out << "push " << backend << ": " << totalOps << " ops in batches of " << batch << " from "
        << devices << (devices == 1 ? " device" : " devices at once")
        << (g_randomIds ? ", random (v4) ids" : ", time-ordered (v7) ids") << ": "
        << qRound(totalOps * 1000.0 / std::max(1.0, push.wallMs)) << " ops/s; CPU per op: server "
        << perOp(push.serverCpuMs, totalOps) << " us, client " << perOp(push.clientCpuMs, totalOps)
        << " us" << Qt::endl;
    stored += totalOps - small;

    // 3. A fresh device's full pull, in pages of each size.
    for (const QString &pageText : fullPages) {
        const int page = pageText.toInt();
        if (page <= 0)
            continue;
        const Stopwatch watch(g_serverPid);
        int fullCount = 0;
        QString cursor;
        for (;;) {
            const HttpResult r =
                client.get(QStringLiteral("/api/v1/pull?limit=%1&cursor=%2").arg(page).arg(cursor));
            const QJsonObject json = r.json();
            fullCount += json.value(QStringLiteral("records")).toArray().size();
            cursor = json.value(QStringLiteral("cursor")).toString();
            if (r.status != 200 || !json.value(QStringLiteral("has_more")).toBool())
                break;
        }
        const Cost cost = watch.cost();
        out << "full pull " << backend << ": " << fullCount << " records in " << qRound(cost.wallMs)
            << " ms (pages of " << page << "); CPU: server " << qRound(cost.serverCpuMs)
            << " ms, client " << qRound(cost.clientCpuMs) << " ms" << Qt::endl;
    }

    // 4. Pull of 100 changes again at larger sizes.
    for (const QString &sizeText : pullSizes) {
        const int size = sizeText.toInt();
        if (size <= stored)
            continue;
        pushOps(client, size - stored, batch);
        stored = size;
        out << "pull of 100 changes " << backend << " at " << stored
            << " records: " << QString::number(pullChangesMs(client, 100), 'f', 2)
            << " ms (median of 7)" << Qt::endl;
        stored += 700;
    }
    if (qEnvironmentVariableIsSet("OUTPOST_BENCH_VERBOSE"))
        out << server.serverOutput() << Qt::endl;
    server.stop();
    return 0;
}
