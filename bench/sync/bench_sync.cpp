// bench_sync: the device sync engine end to end, issue 4's numbers.
//   bench_sync [--records 100000] [--page 5000] [--changes 100] [--rounds 7] [--push 10000]
//              [--only push]
// Starts the real outpost-server (SQLite, temporary data directory, port 0), seeds --records
// records (~420 bytes of JSON each) by pushing them from one device over HTTP, then starts
// this binary again as a device (`--device DIR`, its own process: its RSS is the device's
// alone) and measures through SyncController exactly as the app uses it:
//   - the server alone serving the full pull (pages of --page, bodies not decoded);
//   - a fresh device's full pull: time, records/s, peak RSS during the pull;
//   - --rounds incremental pulls of --changes records updated by another device (median);
//   - a push of --push offline creates, then of --push offline edits of pulled records.
// --only push: the last step alone (on --records = --push seeded records unless given): no
// server-alone pull, no search wait, no incremental rounds.
// The driver talks to the device over its stdin/stdout, one command and one JSON line each.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QThread>

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "../benchcpu.h"
#include "localstore.h"
#include "syncclient.h"
#include "synccontroller.h"
#include "timeuuid.h"

using namespace outpost;

namespace {

QTextStream out(stdout);

const QString kFormId = QStringLiteral("water_point");
const char *kVillages[] = {"Kibera", "Mathare", "Korogocho", "Mukuru", "Kawangware"};

QJsonObject recordValues(int i)
{
    return QJsonObject{
        {"name", QStringLiteral("Water point %1").arg(i)},
        {"village", QString::fromLatin1(kVillages[i % 5]).toLower()},
        {"depth_m", 5 + i % 40},
        {"functional", i % 7 != 0 ? "yes" : "no"},
        {"inspected_on", "2026-03-14"},
        {"water_sources", QJsonArray{"borehole", "rain"}},
        {"location", QJsonObject{{"lat", -1.3 + i * 1e-6}, {"lon", 36.8}, {"accuracy", 4.5}}},
        {"notes", "Pump handle replaced last season; queue of about twenty people at noon."},
    };
}

QJsonArray choices(const QStringList &names)
{
    QJsonArray list;
    for (const QString &name : names)
        list.append(QJsonObject{{"name", name}, {"label", name}});
    return list;
}

QJsonObject field(const char *name, const char *type, const char *choiceList = nullptr)
{
    QJsonObject f{{"name", name}, {"type", type}, {"label", name}};
    if (choiceList)
        f.insert("choices", choiceList);
    return f;
}

bool publishForm(TestServer &server)
{
    QStringList villages;
    for (const char *v : kVillages)
        villages << QString::fromLatin1(v).toLower();
    const QJsonObject definition{
        {"id", kFormId},
        {"version", 1},
        {"title", "Water point"},
        {"policy", "last-write-wins"},
        {"choices", QJsonObject{{"villages", choices(villages)},
                                {"yes_no", choices({"yes", "no"})},
                                {"sources", choices({"borehole", "rain", "river", "tap"})}}},
        {"fields",
         QJsonArray{field("name", "text"), field("village", "select_one", "villages"),
                    field("depth_m", "integer"), field("functional", "select_one", "yes_no"),
                    field("inspected_on", "date"),
                    field("water_sources", "select_multiple", "sources"),
                    field("location", "geopoint"), field("notes", "text")}}};
    const QString path = server.dataDir() + QStringLiteral("/water_point.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(definition).toJson());
    file.close();
    const auto result =
        server.admin({"form", "publish", path, "--team", "north", "--visibility", "team"});
    if (result.exitCode != 0)
        out << "form publish failed: " << result.err << Qt::endl;
    return result.exitCode == 0;
}

struct Seeded
{
    QUuid id;
    qint64 version = 0;
};

// Pushes ops in one batch; stores the versions back into `records` (same order as ops).
bool pushBatch(HttpClient &client, const QList<Operation> &ops, std::vector<Seeded *> targets)
{
    int status = 0;
    const QJsonArray results = testsupport::push(client, ops, &status);
    if (status != 200 || results.size() != ops.size()) {
        out << "push failed: HTTP " << status << Qt::endl;
        return false;
    }
    for (qsizetype i = 0; i < results.size(); ++i)
        targets[static_cast<size_t>(i)]->version =
            results.at(i).toObject().value("version").toInteger();
    return true;
}

long kiB(const QByteArray &status, const char *key)
{
    const qsizetype at = status.indexOf(key);
    if (at < 0)
        return -1;
    return status.mid(at + qstrlen(key)).trimmed().split(' ').first().toLong();
}

QByteArray procStatus()
{
    QFile file(QStringLiteral("/proc/self/status"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Resets the peak RSS (VmHWM) of this process (Linux >= 4.0).
void resetPeakRss()
{
    QFile file(QStringLiteral("/proc/self/clear_refs"));
    if (file.open(QIODevice::WriteOnly))
        file.write("5");
}

double msSince(const QElapsedTimer &timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

void reply(const QJsonObject &json)
{
    std::fputs(QJsonDocument(json).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// ---- The device (child process) -----------------------------------------------------------

int runDevice(const QString &dir, int pageSize)
{
    // The app's UI connection (app/outpost/main.cpp: StoreOptions{}: automatic checkpoints
    // at 1,000 WAL pages). OUTPOST_BENCH_UI_CHECKPOINT_PAGES=0 turns them off, as this
    // benchmark did before 2026-12-01 19:00 (then 10,000 offline saves left a 1.4 GB WAL for
    // the push to checkpoint).
    StoreOptions ui;
    if (qEnvironmentVariableIsSet("OUTPOST_BENCH_UI_CHECKPOINT_PAGES"))
        ui.walAutoCheckpointPages =
            qEnvironmentVariableIntValue("OUTPOST_BENCH_UI_CHECKPOINT_PAGES");
    // OUTPOST_BENCH_PAGE_BYTES=4096: the store's SQLCipher page size (before: 4 KiB).
    if (const int pageBytes = qEnvironmentVariableIntValue("OUTPOST_BENCH_PAGE_BYTES"))
        ui.newStorePageSizeBytes = pageBytes;
    auto store =
        LocalStore::create(StoreLocation::inDirectory(dir), QStringLiteral("bench passphrase"), ui);
    if (!store) {
        std::fprintf(stderr, "create: %s\n", qPrintable(store.error().message));
        return 1;
    }
    StoreOptions engine; // the sync thread's connection (automatic checkpoints on)
    engine.cacheSizeKiB = qEnvironmentVariableIntValue("OUTPOST_BENCH_ENGINE_CACHE_KIB") > 0
                              ? qEnvironmentVariableIntValue("OUTPOST_BENCH_ENGINE_CACHE_KIB")
                              : engine.cacheSizeKiB;
    auto connection = (*store)->openConnection(engine);
    if (!connection)
        return 1;
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    config.autoRetry = false;
    config.debounceMs = 3600000;
    config.pullPageSize = pageSize;
    SyncController sync(std::move(*connection), config);
    QElapsedTimer cycleTimer;
    double pullStartedMs = -1;
    double pullStartedCpuMs = -1; // this process's CPU time when the push phase ended
    QObject::connect(&sync, &SyncController::stateChanged, [&](const SyncState &state) {
        if (state.phase == SyncPhase::Pulling && pullStartedMs < 0) {
            pullStartedMs = msSince(cycleTimer);
            pullStartedCpuMs = bench::selfCpuMs();
        }
    });
    sync.start();
    LocalStore &local = **store;

    std::string line;
    while (std::getline(std::cin, line)) {
        const QStringList words = QString::fromStdString(line).split(QLatin1Char(' '));
        const QString command = words.value(0);
        const int n = words.value(1).toInt();
        if (command == QStringLiteral("enroll")) {
            QSignalSpy spy(&sync, &SyncController::enrollFinished);
            sync.enroll(QStringLiteral("http://127.0.0.1:%1").arg(n), QStringLiteral("field"),
                        testsupport::password(QStringLiteral("field")), QStringLiteral("bench"));
            spy.wait(60000);
            reply({{"ok", !spy.isEmpty() && spy.first().first().toString().isEmpty()}});
        } else if (command == QStringLiteral("resetpeak")) {
            const long before = kiB(procStatus(), "VmHWM:");
            resetPeakRss();
            reply({{"ok", true}, {"hwm_kib", static_cast<qint64>(before)}});
        } else if (command == QStringLiteral("sync")) {
            QSignalSpy spy(&sync, &SyncController::cycleFinished);
            pullStartedMs = -1;
            pullStartedCpuMs = -1;
            const double cpuStart = bench::selfCpuMs();
            cycleTimer.start();
            sync.syncNow();
            spy.wait(600000);
            const double totalMs = msSince(cycleTimer);
            const double cycleCpuMs = bench::selfCpuMs() - cpuStart;
            QCoreApplication::processEvents(); // the last stateChanged
            const QByteArray status = procStatus();
            reply({{"ok", !spy.isEmpty() && spy.first().first().toBool()},
                   {"ms", totalMs},
                   {"push_ms", pullStartedMs < 0 ? totalMs : pullStartedMs},
                   {"pull_ms", pullStartedMs < 0 ? 0.0 : totalMs - pullStartedMs},
                   {"cpu_ms", cycleCpuMs},
                   {"push_cpu_ms", pullStartedCpuMs < 0 ? cycleCpuMs : pullStartedCpuMs - cpuStart},
                   {"records", local.countRecords({}).valueOr(-1)},
                   {"pending", local.pendingOperationCount().valueOr(-1)},
                   {"error", sync.state().lastErrorCode},
                   {"hwm_kib", static_cast<qint64>(kiB(status, "VmHWM:"))},
                   {"rss_kib", static_cast<qint64>(kiB(status, "VmRSS:"))}});
        } else if (command == QStringLiteral("searchwait")) {
            // Until the engine's idle pass has indexed every pulled record for search.
            QElapsedTimer timer;
            timer.start();
            int waiting = local.searchBacklogCount().valueOr(-1);
            while (waiting > 0 && timer.elapsed() < 600000) {
                QTest::qWait(2);
                waiting = local.searchBacklogCount().valueOr(-1);
            }
            RecordQuery search;
            search.searchText = QStringLiteral("water point");
            reply({{"ok", waiting == 0},
                   {"ms", msSince(timer)},
                   {"found", local.countRecords(search).valueOr(-1)}});
        } else if (command == QStringLiteral("create") || command == QStringLiteral("edit")) {
            QElapsedTimer timer;
            timer.start();
            const double cpuStart = bench::selfCpuMs();
            int done = 0;
            if (command == QStringLiteral("create")) {
                for (int i = 0; i < n; ++i) {
                    Record record;
                    record.formId = kFormId;
                    record.formVersion = 1;
                    record.values = recordValues(1000000 + i);
                    done += local.createRecord(record).ok() ? 1 : 0;
                }
            } else {
                RecordQuery query;
                query.limit = n;
                query.syncStatuses = {SyncStatus::Synced};
                const auto list = local.listRecords(query);
                for (const RecordSummary &summary : list.valueOr({})) {
                    auto record = local.record(summary.id);
                    if (!record)
                        continue;
                    record->values.insert("notes", QStringLiteral("Edited offline %1").arg(done));
                    record->values.insert("depth_m", 77);
                    done += local.updateRecord(*record).ok() ? 1 : 0;
                }
            }
            const double savesMs = msSince(timer);
            const double savesCpuMs = bench::selfCpuMs() - cpuStart;
            // As the app does after a save (recordsChanged -> notifyLocalChange), once: the
            // engine checkpoints the saves' WAL while idle (1 s later), not in the push.
            sync.notifyLocalChange();
            QTest::qWait(1500);
            reply({{"ok", done == n},
                   {"done", done},
                   {"ms", savesMs},
                   {"cpu_ms", savesCpuMs},
                   {"idle_cpu_ms", bench::selfCpuMs() - cpuStart - savesCpuMs}});
        } else if (command == QStringLiteral("quit")) {
            break;
        } else {
            reply({{"ok", false}, {"error", QStringLiteral("unknown command")}});
        }
    }
    sync.stop();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    reply({{"ok", true}, {"maxrss_kib", static_cast<qint64>(usage.ru_maxrss)}});
    return 0;
}

// ---- The driver ---------------------------------------------------------------------------

QJsonObject ask(QProcess &device, const QByteArray &command)
{
    device.write(command + '\n');
    while (!device.canReadLine()) {
        if (!device.waitForReadyRead(900000)) {
            out << "the device did not answer " << command << Qt::endl;
            return {};
        }
    }
    return QJsonDocument::fromJson(device.readLine()).object();
}

QString mib(const QJsonValue &kib)
{
    return QString::number(kib.toDouble() / 1024.0, 'f', 1) + QStringLiteral(" MiB");
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll().split(' ').first())
                                          : QString();
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 100 ? 1 : 0) + QStringLiteral(" ms");
}

// Starts the command in the environment variable `variable` with the device's pid appended,
// if set; `%k` in it is replaced by kind. Waits a second for perf to attach.
void startProfiler(QProcess &profiler, const char *variable, qint64 pid, const char *kind = "")
{
    QString command = qEnvironmentVariable(variable);
    if (command.isEmpty())
        return;
    command.replace(QStringLiteral("%k"), QString::fromLatin1(kind));
    QStringList words = command.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    words << QString::number(pid);
    profiler.setProcessChannelMode(QProcess::ForwardedChannels);
    profiler.start(words.takeFirst(), words);
    profiler.waitForStarted();
    QThread::msleep(1000);
}

void stopProfiler(QProcess &profiler)
{
    if (profiler.state() == QProcess::NotRunning)
        return;
    ::kill(static_cast<pid_t>(profiler.processId()), SIGINT);
    profiler.waitForFinished(60000);
}

int runDriver(const QStringList &args)
{
    auto option = [&args](const char *name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const qsizetype onlyAt = args.indexOf(QStringLiteral("--only"));
    const bool onlyPush = onlyAt >= 0 && args.value(onlyAt + 1) == QStringLiteral("push");
    if (onlyAt >= 0 && !onlyPush) {
        out << "--only takes: push" << Qt::endl;
        return 2;
    }
    const int pageSize = option("--page", SyncConfig().pullPageSize);
    const int changes = option("--changes", 100);
    const int pushCount = option("--push", 10000);
    const int total = option("--records", onlyPush ? pushCount : 100000);
    const int rounds = onlyPush ? 0 : option("--rounds", 7);

    QTemporaryDir tmp;
    if (!qEnvironmentVariableIsSet("OUTPOST_TEST_TMP"))
        qputenv("OUTPOST_TEST_TMP", tmp.path().toLocal8Bit());
    TestServer server;
    if (!server.start({{"limits", QJsonObject{{"max_pull_page_size", 10000}}}})) {
        out << "cannot start the server: " << server.lastError() << Qt::endl;
        return 1;
    }
    if (!testsupport::addTeam(server, "north") ||
        !testsupport::addUser(server, "seeder", "north", "collector") ||
        !testsupport::addUser(server, "field", "north", "collector") || !publishForm(server))
        return 1;

    // Seed through the API, as another device would.
    HttpClient seeder(server.port());
    seeder.setToken(testsupport::signIn(server.port(), "seeder").token);
    std::vector<Seeded> seeded(static_cast<size_t>(total));
    QElapsedTimer timer;
    timer.start();
    for (int start = 0; start < total; start += 500) {
        QList<Operation> ops;
        std::vector<Seeded *> targets;
        for (int i = start; i < std::min(total, start + 500); ++i) {
            Seeded &s = seeded[static_cast<size_t>(i)];
            s.id = outpost::timeOrderedUuid();
            Operation op =
                testsupport::makeOp(OperationKind::Create, s.id, 0, recordValues(i), kFormId);
            op.state = QStringLiteral("draft");
            ops << op;
            targets.push_back(&s);
        }
        if (!pushBatch(seeder, ops, targets))
            return 1;
    }
    const double seedMs = msSince(timer);
    out << "seeded " << total << " records through the API in " << ms(seedMs) << " ("
        << qRound(total * 1000.0 / seedMs) << " ops/s, batches of 500)" << Qt::endl;

    // The server alone: every page of the full pull, bodies read but not decoded beyond the
    // cursor (decoding time excluded).
    if (!onlyPush) {
        HttpClient reader(server.port());
        reader.setToken(testsupport::signIn(server.port(), "field").token);
        QString cursor;
        double requestMs = 0;
        qint64 bytes = 0;
        int pages = 0;
        for (;;) {
            QElapsedTimer t;
            t.start();
            const HttpResult r = reader.get(
                QStringLiteral("/api/v1/pull?limit=%1&cursor=%2").arg(pageSize).arg(cursor));
            requestMs += msSince(t);
            bytes += r.body.size();
            ++pages;
            const QJsonObject page = r.json();
            cursor = page.value("cursor").toString();
            if (r.status != 200 || !page.value("has_more").toBool())
                break;
        }
        out << "server alone, full pull: " << pages << " pages of " << pageSize << " in "
            << ms(requestMs) << " (" << qRound(total * 1000.0 / requestMs) << " records/s, "
            << bytes / (1024 * 1024) << " MiB of JSON)" << Qt::endl;
    }

    QTemporaryDir deviceDir;
    QProcess device;
    device.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // OUTPOST_BENCH_DEVICE_WRAPPER="perf record -g -o device.perf" profiles the device alone.
    QStringList deviceArgs{QCoreApplication::applicationFilePath(), "--device", deviceDir.path(),
                           "--page", QString::number(pageSize)};
    const QString wrapper = qEnvironmentVariable("OUTPOST_BENCH_DEVICE_WRAPPER");
    if (!wrapper.isEmpty())
        deviceArgs = wrapper.split(QLatin1Char(' '), Qt::SkipEmptyParts) + deviceArgs;
    device.start(deviceArgs.takeFirst(), deviceArgs);
    if (!device.waitForStarted() ||
        !ask(device, "enroll " + QByteArray::number(server.port())).value("ok").toBool()) {
        out << "the device could not enroll" << Qt::endl;
        return 1;
    }
    const QJsonObject enrolled = ask(device, "resetpeak");
    out << "device peak RSS after create + unlock + enroll (Argon2id's 64 MiB): "
        << mib(enrolled.value("hwm_kib")) << Qt::endl;
    double serverCpu = bench::processCpuMs(server.processId());
    const QJsonObject full = ask(device, "sync");
    const double fullMs = full.value("ms").toDouble();
    const double fullServerCpuMs = bench::processCpuMs(server.processId()) - serverCpu;
    out << "device full pull: " << full.value("records").toInt() << " records in " << ms(fullMs)
        << " (" << qRound(full.value("records").toInt() * 1000.0 / fullMs)
        << " records/s, pages of " << pageSize << "), device peak RSS during the pull "
        << mib(full.value("hwm_kib")) << ", RSS after " << mib(full.value("rss_kib"))
        << (full.value("ok").toBool()
                ? QString()
                : QStringLiteral(" FAILED: ") + full.value("error").toString())
        << "  [target < 4000 ms, < 100 MB]" << Qt::endl;
    out << "  CPU during the full pull: device " << ms(full.value("cpu_ms").toDouble())
        << ", server " << ms(fullServerCpuMs) << " (load " << loadAverage() << ")" << Qt::endl;

    if (!onlyPush) {
        const QJsonObject searchable = ask(device, "searchwait");
        out << "device search ready (idle pass indexed every pulled record) "
            << ms(searchable.value("ms").toDouble()) << " after the pull ended, "
            << searchable.value("found").toInt() << " records found by a search" << Qt::endl;
    }

    // OUTPOST_BENCH_PROFILE_INCREMENTAL="perf record -g -o inc.perf -p" profiles the device
    // during the incremental rounds only (the device's pid is appended; stopped by SIGINT).
    QProcess profiler;
    startProfiler(profiler, "OUTPOST_BENCH_PROFILE_INCREMENTAL", device.processId());
    std::vector<double> samples;
    std::vector<double> incCpu;
    for (int round = 0; round < rounds; ++round) {
        QList<Operation> ops;
        std::vector<Seeded *> targets;
        for (int i = 0; i < changes; ++i) {
            Seeded &s = seeded[static_cast<size_t>((round * changes + i) % total)];
            Operation op = testsupport::makeOp(
                OperationKind::Update, s.id, s.version,
                {{"notes", QStringLiteral("Changed in round %1").arg(round)}}, kFormId);
            ops << op;
            targets.push_back(&s);
        }
        if (!pushBatch(seeder, ops, targets))
            return 1;
        const QJsonObject inc = ask(device, "sync");
        incCpu.push_back(inc.value("cpu_ms").toDouble());
        if (!inc.value("ok").toBool())
            out << "incremental pull failed: " << inc.value("error").toString() << Qt::endl;
        samples.push_back(inc.value("ms").toDouble());
    }
    stopProfiler(profiler);
    std::sort(samples.begin(), samples.end());
    if (!samples.empty())
        out << "device incremental pull of " << changes << " changes: median "
            << ms(samples[samples.size() / 2]) << ", min " << ms(samples.front()) << ", max "
            << ms(samples.back()) << " (" << rounds << " rounds)  [target < 20 ms]; device CPU"
            << " median " << ms(median(incCpu)) << " (load " << loadAverage() << ")" << Qt::endl;

    for (const char *kind : {"create", "edit"}) {
        // OUTPOST_BENCH_PROFILE_SAVES: the same for the local saves before each push.
        QProcess savesProfiler;
        startProfiler(savesProfiler, "OUTPOST_BENCH_PROFILE_SAVES", device.processId(), kind);
        const QJsonObject made =
            ask(device, QByteArray(kind) + ' ' + QByteArray::number(pushCount));
        stopProfiler(savesProfiler);
        // OUTPOST_BENCH_PROFILE_PUSH="perf record -g -o push-%k.perf -p": the same for each
        // push cycle alone (%k = create / edit).
        QProcess pushProfiler;
        startProfiler(pushProfiler, "OUTPOST_BENCH_PROFILE_PUSH", device.processId(), kind);
        serverCpu = bench::processCpuMs(server.processId());
        const QJsonObject pushed = ask(device, "sync");
        stopProfiler(pushProfiler);
        const double pushServerCpuMs = bench::processCpuMs(server.processId()) - serverCpu;
        out << "device push of " << made.value("done").toInt() << " offline " << kind
            << "s: push phase " << ms(pushed.value("push_ms").toDouble()) << " ("
            << qRound(made.value("done").toInt() * 1000.0 / pushed.value("push_ms").toDouble())
            << " ops/s), whole cycle with the pull after it " << ms(pushed.value("ms").toDouble())
            << ", pending after " << pushed.value("pending").toInt() << " (local " << kind
            << "s took " << ms(made.value("ms").toDouble()) << ", "
            << ms(made.value("cpu_ms").toDouble()) << " CPU, then "
            << ms(made.value("idle_cpu_ms").toDouble()) << " CPU in the 1.5 s idle after them)"
            << "  [target < 1000 ms]" << Qt::endl;
        out << "  CPU during that cycle: device " << ms(pushed.value("cpu_ms").toDouble())
            << " (push phase " << ms(pushed.value("push_cpu_ms").toDouble()) << "), server "
            << ms(pushServerCpuMs) << " (load " << loadAverage() << ")" << Qt::endl;
    }
    const QJsonObject bye = ask(device, "quit");
    device.waitForFinished(60000);
    out << "device peak RSS from the full pull to the end: " << mib(bye.value("maxrss_kib"))
        << Qt::endl;
    if (qEnvironmentVariableIsSet("OUTPOST_BENCH_VERBOSE"))
        out << server.serverOutput() << Qt::endl;
    server.stop();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("outpost.*.debug=false\noutpost.*.info=false"));
    const QStringList args = app.arguments();
    const qsizetype device = args.indexOf(QStringLiteral("--device"));
    if (device >= 0 && device + 1 < args.size()) {
        const qsizetype page = args.indexOf(QStringLiteral("--page"));
        return runDevice(args.at(device + 1),
                         page >= 0 ? args.value(page + 1).toInt() : SyncConfig().pullPageSize);
    }
    return runDriver(args);
}
