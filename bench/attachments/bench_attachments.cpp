// bench_attachments: upload throughput of attachments over tus, and the server's memory.
//   bench_attachments [--sizes-mib 20,200] [--chunk-mib 8] [--rounds 1] [--files 1]
//                     [--rtt-ms 0]
// --sizes-mib takes fractions (0.5: 512 KiB). --files N: N files of each size, one record each,
// all queued at once and timed together (many photos: the per-file cost of POST, the first
// chunk and the bookkeeping between files, which one large file does not show).
// --rtt-ms N: the device talks to the server through a proxy (in this process) that delays
// every answer by N ms, a field link's round trip; bandwidth is not limited.
// For each size: a fresh outpost-server (SQLite, temporary data directory, port 0) with a team,
// a collector and a form with a file field; a fresh encrypted device store; the file (random
// bytes) imported into the store (encrypted; timed), a record declaring it pushed and accepted
// with the upload paused, then resumed and timed until the server has every byte (tus POST,
// HEAD, PATCH chunks with crc32 checksums; the server checks the whole file's sha256 at the
// end and moves it into attachments/: the clock stops when that file is there, seen through
// inotify). Also reported: when the device's engine said the transfer was
// done (its transfer list is published at most every 250 ms, so this is up to that later).
// Reported: MiB/s of the upload, the server's RSS before the upload and its peak during it
// (VmHWM, reset through /proc/PID/clear_refs first: sign-in's Argon2id peak is not counted),
// the device's peak RSS, the CPU time (user + system) the server and this process (the device)
// spent during the upload — comparable on a shared machine where wall time is not — and the
// upload's start and end on CLOCK_MONOTONIC (for `perf record -k CLOCK_MONOTONIC` and
// `perf report --time START,END`). Never pass/fail.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "faultproxy.h"
#include "localstore.h"
#include "synccontroller.h"
#include "testserver.h"

using namespace outpost;

namespace {

QTextStream out(stdout);
constexpr double kMiB = 1024.0 * 1024.0;

long statusKiB(qint64 pid, const char *key)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray status = file.readAll();
    const qsizetype at = status.indexOf(key);
    if (at < 0)
        return -1;
    return status.mid(at + qstrlen(key)).trimmed().split(' ').first().toLong();
}

// CPU time (user + system) of a process so far, in milliseconds (clock ticks of 10 ms).
double processCpuMs(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may hold spaces): state is field 3, utime 14.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const double ticks =
        static_cast<double>(fields.at(11).toLongLong() + fields.at(12).toLongLong());
    return ticks * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double monotonicSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

long selfPeakKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

bool setUp(TestServer &server)
{
    if (server.admin({"team", "add", "north"}).exitCode != 0)
        return false;
    if (server
            .admin({"user", "add", "alice", "--team", "north", "--role", "collector"},
                   "bench-password-1\n")
            .exitCode != 0)
        return false;
    const QJsonObject definition{
        {"id", "photos"},
        {"version", 1},
        {"title", "Photos"},
        {"policy", "last-write-wins"},
        {"fields", QJsonArray{QJsonObject{{"name", "note"}, {"label", "note"}, {"type", "text"}},
                              QJsonObject{{"name", "file"}, {"label", "file"}, {"type", "file"}}}}};
    const QString path = server.dataDir() + QStringLiteral("/photos.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(definition).toJson());
    file.close();
    return server.admin({"form", "publish", path, "--team", "north", "--visibility", "team"})
               .exitCode == 0;
}

bool writeRandomFile(const QString &path, qint64 bytes, quint32 seed)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray block(8 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (qint64 left = bytes; left > 0;) {
        generator.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        const qint64 n = std::min<qint64>(left, block.size());
        if (file.write(block.constData(), n) != n)
            return false;
        left -= n;
    }
    return true;
}

template<typename Predicate> bool waitFor(SyncController &sync, Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QSignalSpy spy(&sync, &SyncController::transfersChanged);
        spy.wait(50);
    }
    return true;
}

bool runOne(double sizeMiB, qint64 chunkMiB, int files, int rttMs)
{
    const qint64 bytes = static_cast<qint64>(sizeMiB * kMiB);
    TestServer server;
    if (!server.start() || !setUp(server)) {
        out << "server setup failed: " << server.lastError() << Qt::endl;
        return false;
    }
    QTemporaryDir dir;
    auto store =
        LocalStore::create(StoreLocation::inDirectory(dir.path() + "/device"),
                           QStringLiteral("bench passphrase"), StoreOptions::fastForTests());
    if (!store)
        return false;
    auto connection = (*store)->openConnection();
    if (!connection)
        return false;
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    config.debounceMs = 3600000;
    config.watchNetwork = false;
    config.uploadChunkBytes = chunkMiB * 1024 * 1024;
    SyncController sync(std::move(*connection), config);
    sync.start();
    FaultProxy link(server.port());
    link.setAnswerDelay(rttMs);
    QSignalSpy enrolled(&sync, &SyncController::enrollFinished);
    sync.enroll(
        QStringLiteral("http://127.0.0.1:%1").arg(rttMs > 0 ? link.serverPort() : server.port()),
        "alice", "bench-password-1", "bench");
    if (!enrolled.wait(30000) || !enrolled.first().first().toString().isEmpty()) {
        out << "enroll failed" << Qt::endl;
        return false;
    }

    // The files, each imported (encrypted; timed) into a record of its own, every upload
    // paused: the records go first, and the uploads are timed alone.
    const QString source = dir.path() + QStringLiteral("/source.bin");
    QStringList ids;
    QElapsedTimer timer;
    double importMs = 0;
    for (int i = 0; i < files; ++i) {
        if (!writeRandomFile(source, bytes, 42 + static_cast<quint32>(i)))
            return false;
        Record record;
        record.formId = QStringLiteral("photos");
        record.formVersion = 1;
        record.values = {{"note", "bench"}};
        auto created = (*store)->createRecord(record);
        if (!created)
            return false;
        timer.start();
        auto ref = (*store)->importAttachment(source, created->id);
        importMs += static_cast<double>(timer.nsecsElapsed()) / 1e6;
        QFile::remove(source);
        if (!ref)
            return false;
        created->values.insert("file", ref->toJson());
        if (!(*store)->updateRecord(*created))
            return false;
        ids << ref->id.toString(QUuid::WithoutBraces);
        sync.pauseTransfer(ids.last());
    }
    auto countIn = [&](AttachmentTransfer::State state) {
        int n = 0;
        for (const AttachmentTransfer &t : sync.transfers())
            n += ids.contains(t.attachmentId) && t.state == state;
        return n;
    };
    if (!waitFor(
            sync, [&]() { return countIn(AttachmentTransfer::State::Paused) == files; }, 30000))
        return false;
    QSignalSpy cycle(&sync, &SyncController::cycleFinished);
    sync.syncNow();
    if (!cycle.wait(120000) || !cycle.first().first().toBool()) {
        out << "record sync failed" << Qt::endl;
        return false;
    }
    const qint64 pid = server.processId();
    // The peak so far is sign-in's Argon2id (64 MiB): reset it to measure the upload alone.
    QFile clear(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
    clear.close();
    const long serverBeforeKiB = statusKiB(pid, "VmRSS:");
    const double serverCpuBeforeMs = processCpuMs(pid);
    const double deviceCpuBeforeMs = processCpuMs(QCoreApplication::applicationPid());
    const double startedS = monotonicSeconds();
    timer.restart();
    // The server's files appearing (inotify on its directory; the engine runs on its own
    // thread and its answers queue up here meanwhile).
    const QString storedDir = server.dataDir() + QStringLiteral("/attachments/");
    auto allStored = [&]() {
        return std::all_of(ids.begin(), ids.end(),
                           [&](const QString &id) { return QFile::exists(storedDir + id); });
    };
    QFileSystemWatcher watcher({storedDir});
    QEventLoop storedLoop;
    QObject::connect(&watcher, &QFileSystemWatcher::directoryChanged, &storedLoop, [&]() {
        if (QFile::exists(storedDir + ids.last()) && allStored())
            storedLoop.quit();
    });
    QTimer::singleShot(600000, &storedLoop, &QEventLoop::quit);
    const qsizetype requestsBefore = link.requestHeads().size();
    for (const QString &id : std::as_const(ids))
        sync.resumeTransfer(id);
    if (watcher.directories().isEmpty()) {
        out << "cannot watch the server's attachments directory" << Qt::endl;
        return false;
    }
    if (!allStored())
        storedLoop.exec();
    const double uploadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    const double endedS = monotonicSeconds();
    if (!waitFor(
            sync, [&]() { return countIn(AttachmentTransfer::State::Done) == files; }, 600000)) {
        out << "upload did not finish" << Qt::endl;
        return false;
    }
    const double reportedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    const double serverCpuMs = processCpuMs(pid) - serverCpuBeforeMs;
    const double deviceCpuMs = processCpuMs(QCoreApplication::applicationPid()) - deviceCpuBeforeMs;
    const long serverAfterKiB = statusKiB(pid, "VmHWM:");
    const bool whole = std::all_of(ids.begin(), ids.end(), [&](const QString &id) {
        return QFileInfo(storedDir + id).size() == bytes;
    });
    const double mib = sizeMiB * files;
    const QString what = files == 1 ? QStringLiteral("%1 MiB").arg(sizeMiB)
                                    : QStringLiteral("%1 files of %2 MiB").arg(files).arg(sizeMiB);
    QString perFile = files == 1 ? QString()
                                 : QStringLiteral(" = %1 ms per file, %2 files/s")
                                       .arg(uploadMs / files, 0, 'f', 1)
                                       .arg(files / (uploadMs / 1000.0), 0, 'f', 1);
    if (rttMs > 0)
        perFile += QStringLiteral(" (round trip %1 ms: %2 requests)")
                       .arg(rttMs)
                       .arg(link.requestHeads().size() - requestsBefore);
    out << QStringLiteral("%1, chunks %2 MiB: import (encrypt) %3 MiB/s; upload %4 ms = "
                          "%5 MiB/s%15 (reported done by the device after %14 ms); server RSS "
                          "%6 MiB before, peak %7 MiB during; device peak "
                          "RSS %8 MiB; stored whole: %9; CPU ms: server %10, device %11 (upload "
                          "from %12 to %13 "
                          "s CLOCK_MONOTONIC)")
               .arg(what)
               .arg(chunkMiB)
               .arg(mib / (importMs / 1000.0), 0, 'f', 0)
               .arg(uploadMs, 0, 'f', 0)
               .arg(mib / (uploadMs / 1000.0), 0, 'f', 0)
               .arg(serverBeforeKiB / 1024.0, 0, 'f', 1)
               .arg(serverAfterKiB / 1024.0, 0, 'f', 1)
               .arg(selfPeakKiB() / 1024.0, 0, 'f', 1)
               .arg(whole ? "yes" : "NO")
               .arg(serverCpuMs, 0, 'f', 0)
               .arg(deviceCpuMs, 0, 'f', 0)
               .arg(startedS, 0, 'f', 3)
               .arg(endedS, 0, 'f', 3)
               .arg(reportedMs, 0, 'f', 0)
               .arg(perFile)
        << Qt::endl;
    sync.stop();
    return whole;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("outpost.*.info=false\noutpost.*.debug=false"));
    const QStringList args = app.arguments();
    auto option = [&](const QString &name, const QString &fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const QStringList sizes = option("--sizes-mib", "20,200").split(',');
    const qint64 chunkMiB = option("--chunk-mib", "8").toLongLong();
    const int rounds = option("--rounds", "1").toInt();
    const int files = std::max(1, option("--files", "1").toInt());
    const int rttMs = std::max(0, option("--rtt-ms", "0").toInt());
    bool ok = true;
    for (int round = 0; round < rounds; ++round) {
        for (const QString &size : sizes)
            ok = runOne(size.toDouble(), chunkMiB, files, rttMs) && ok;
    }
    return ok ? 0 : 1;
}
