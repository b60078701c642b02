// bench_store: the device store with 100,000 records.
//   bench_store [records]            seeds a temporary store, then measures in a fresh
//                                    child process (so peak RSS is the device's, not the
//                                    seeding's): open + unlock, list, saves, peak RSS
//   bench_store measure <dir>        the measuring half, on an existing store
// Default StoreOptions: the real Argon2id cost and synchronous=FULL. Prints numbers only.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "../benchcpu.h"
#include "localstore.h"
#include "timeuuid.h"

using namespace outpost;

namespace {

const QString kPass = QStringLiteral("benchmark passphrase");

const char *kVillages[] = {"Kibera", "Mathare", "Korogocho", "Mukuru", "Kawangware"};

Record makeRecord(int i)
{
    Record r;
    r.formId = i % 4 == 0 ? QStringLiteral("household") : QStringLiteral("water_point");
    r.formVersion = 3;
    r.values = QJsonObject{
        {"name", QStringLiteral("Water point %1").arg(i)},
        {"village", QString::fromLatin1(kVillages[i % 5])},
        {"depth_m", 5 + i % 40},
        {"functional", i % 7 != 0},
        {"inspected_on", "2026-03-14"},
        {"water_sources", QJsonArray{"borehole", "rain"}},
        {"location", QJsonObject{{"lat", -1.3 + i * 1e-6}, {"lon", 36.8}, {"accuracy", 4.5}}},
        {"notes", "Pump handle replaced last season; queue of about twenty people at noon."},
    };
    r.state = i % 3 == 0 ? RecordState::Finalized : RecordState::Draft;
    return r;
}

double msSince(const QElapsedTimer &timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

int seed(const QString &dir, int count)
{
    QElapsedTimer timer;
    timer.start();
    double cpuStart = bench::selfCpuMs();
    StoreOptions options; // OUTPOST_BENCH_PAGE_BYTES=4096: the page size stores had before
    if (const int pageBytes = qEnvironmentVariableIntValue("OUTPOST_BENCH_PAGE_BYTES"))
        options.newStorePageSizeBytes = pageBytes;
    auto store = LocalStore::create(StoreLocation::inDirectory(dir), kPass, options);
    if (!store) {
        std::fprintf(stderr, "create: %s\n", qPrintable(store.error().message));
        return 1;
    }
    // As a device that pulled them: pages of 1,000 server records, one transaction each.
    for (int first = 0; first < count; first += 1000) {
        ServerChanges page;
        for (int i = first; i < std::min(count, first + 1000); ++i) {
            Record r = makeRecord(i);
            r.id = outpost::timeOrderedUuid();
            r.serverVersion = i + 1;
            r.createdAt = r.updatedAt = QDateTime::currentDateTimeUtc().addSecs(-count + i);
            page.records.append(r);
        }
        page.cursor = QString::number(first);
        if (Status s = (*store)->applyServerChanges(page); !s) {
            std::fprintf(stderr, "seed: %s\n", qPrintable(s.error().message));
            return 1;
        }
    }
    std::printf("seeded %d records in %.0f ms, %.0f ms of CPU (pulled pages of 1,000)\n", count,
                msSince(timer), bench::selfCpuMs() - cpuStart);
    // The sync engine's idle pass: the pulled records into the full-text index.
    timer.restart();
    cpuStart = bench::selfCpuMs();
    for (;;) {
        auto waiting = (*store)->indexSearchBacklog(2000);
        if (!waiting) {
            std::fprintf(stderr, "index: %s\n", qPrintable(waiting.error().message));
            return 1;
        }
        if (*waiting == 0)
            break;
    }
    std::printf("indexed them for search in %.0f ms, %.0f ms of CPU (idle pass, 2,000 per"
                " transaction)\n",
                msSince(timer), bench::selfCpuMs() - cpuStart);
    return 0;
}

// Saves: one record + its outbox operation per committed transaction; half creates, half
// updates of two fields.
bool measureSaves(LocalStore &store, const char *label, int count)
{
    QList<double> saveMs;
    QList<QUuid> created;
    QElapsedTimer timer;
    for (int i = 0; i < count; ++i) {
        timer.restart();
        auto r = store.createRecord(makeRecord(200000 + i));
        saveMs << msSince(timer);
        if (!r) {
            std::fprintf(stderr, "save: %s\n", qPrintable(r.error().message));
            return false;
        }
        created << r->id;
    }
    for (int i = 0; i < count; ++i) {
        auto r = store.record(created.at(i));
        Record edited = *r;
        edited.values.insert("depth_m", 99);
        edited.values.insert("notes", QStringLiteral("revisited %1").arg(i));
        timer.restart();
        auto u = store.updateRecord(edited);
        saveMs << msSince(timer);
        if (!u) {
            std::fprintf(stderr, "update: %s\n", qPrintable(u.error().message));
            return false;
        }
    }
    std::sort(saveMs.begin(), saveMs.end());
    auto pct = [&saveMs](double p) {
        return saveMs.at(
            std::min<qsizetype>(saveMs.size() - 1, static_cast<qsizetype>(p * saveMs.size())));
    };
    std::printf("save one record + outbox op, committed, %s (%lld saves: creates + updates):"
                " p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                label, static_cast<long long>(saveMs.size()), pct(0.50), pct(0.99), saveMs.last());
    return true;
}

int measure(const QString &dir)
{
    const StoreLocation location = StoreLocation::inDirectory(dir);
    QElapsedTimer timer;
    timer.start();
    StoreOptions uiOptions; // defaults, but no checkpoint inside the UI's commits
    uiOptions.walAutoCheckpointPages = 0;
    auto unlocked = LocalStore::unlock(location, kPass, uiOptions);
    const double unlockMs = msSince(timer);
    if (!unlocked) {
        std::fprintf(stderr, "unlock: %s\n", qPrintable(unlocked.error().message));
        return 1;
    }
    LocalStore &store = **unlocked;
    const StoreOptions defaults;
    std::printf("open + unlock (Argon2id opslimit %llu, memlimit %llu MiB): %.0f ms\n",
                static_cast<unsigned long long>(defaults.kdfOpsLimit),
                static_cast<unsigned long long>(defaults.kdfMemLimitBytes >> 20), unlockMs);
    const long rssAfterUnlock = peakRssKiB();

    timer.restart();
    auto list = store.listRecords();
    const double firstListMs = msSince(timer);
    if (!list) {
        std::fprintf(stderr, "list: %s\n", qPrintable(list.error().message));
        return 1;
    }
    double bestListMs = firstListMs;
    for (int i = 0; i < 3; ++i) {
        timer.restart();
        auto again = store.listRecords();
        bestListMs = std::min(bestListMs, msSince(timer));
    }
    std::printf("list all %lld summaries: first %.0f ms, best of 3 more %.0f ms\n",
                static_cast<long long>(list->size()), firstListMs, bestListMs);
    list = QList<RecordSummary>(); // the view would keep them; RSS below counts them once

    RecordQuery page;
    page.offset = 50000;
    page.limit = 100;
    timer.restart();
    auto pageList = store.listRecords(page);
    std::printf("one page of 100 at offset 50,000: %.1f ms\n", msSince(timer));
    RecordQuery search;
    search.searchText = QStringLiteral("kawang");
    timer.restart();
    auto found = store.countRecords(search);
    std::printf("full-text search \"kawang\": %d hits in %.1f ms\n", found.valueOr(-1),
                msSince(timer));
    RecordQuery byForm;
    byForm.formId = QStringLiteral("household");
    timer.restart();
    auto counted = store.countRecords(byForm);
    std::printf("count one form: %d in %.1f ms\n", counted.valueOr(-1), msSince(timer));

    {
        // As in the app: the sync thread's connection checkpoints every second meanwhile.
        auto background = store.openConnection(StoreOptions{});
        if (!background)
            return 1;
        std::atomic<bool> stop{false};
        std::thread checkpointer([&] {
            while (!stop) {
                std::this_thread::sleep_for(std::chrono::seconds(1));
                (void)(*background)->syncToDisk();
            }
        });
        const bool ok = measureSaves(store, "synchronous=NORMAL (default)", 1000);
        stop = true;
        checkpointer.join();
        if (!ok)
            return 1;
    }
    std::printf("peak RSS: %.1f MiB (after unlock: %.1f MiB)\n", peakRssKiB() / 1024.0,
                rssAfterUnlock / 1024.0);
    timer.restart();
    if (Status s = store.syncToDisk(); !s)
        return 1;
    std::printf("syncToDisk (checkpoint + fsync): %.1f ms\n", msSince(timer));
    unlocked->reset();

    StoreOptions full;
    full.fullSync = true;
    full.walAutoCheckpointPages = 0;
    auto durable = LocalStore::unlock(location, kPass, full);
    if (!durable || !measureSaves(**durable, "synchronous=FULL", 300))
        return 1;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && args.at(1) == QStringLiteral("measure"))
        return measure(args.at(2));

    const int count = args.size() >= 2 ? args.at(1).toInt() : 100000;
    QTemporaryDir dir;
    if (int rc = seed(dir.path(), count); rc != 0)
        return rc;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(app.applicationFilePath(), {QStringLiteral("measure"), dir.path()});
    child.waitForFinished(-1);
    return child.exitCode();
}
