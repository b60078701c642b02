#include "chaosrun.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QTimer>

#include "attachmentcheck.h"
#include "syncclient.h"

namespace chaos {

namespace {

const QStringList deviceUsers{QStringLiteral("alice"), QStringLiteral("bob"),
                              QStringLiteral("carol"), QStringLiteral("sue"),
                              QStringLiteral("alice"), QStringLiteral("dave"),
                              QStringLiteral("erin"),  QStringLiteral("bob")};
const QString supervisor = QStringLiteral("sue");
const QString lwwForm = QStringLiteral("lww");
const QString manualForm = QStringLiteral("manual");
const QString ownForm = QStringLiteral("mine");   // collectors see only their own records
const QString fileForm = QStringLiteral("files"); // a text field and a file field
const QString fileField = QStringLiteral("doc");
constexpr int hotRecords = 6; // most edits go to these: overlaps

QString tmpRoot()
{
    const QString root = qEnvironmentVariable("OUTPOST_TEST_TMP", QDir::tempPath());
    QDir().mkpath(root);
    return root;
}

QString compact(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

} // namespace

ChaosRun::ChaosRun(const ChaosOptions &options)
    : m_options(options), m_random(static_cast<quint32>(options.seed)),
      m_dir(tmpRoot() + QStringLiteral("/chaos-XXXXXX"))
{}

ChaosRun::~ChaosRun()
{
    m_devices.clear();
    for (auto &server : m_servers)
        server->stop();
}

FaultCounts ChaosRun::faults() const
{
    FaultCounts total{};
    for (const auto &device : m_devices) {
        for (int k = 0; k < faultKindCount; ++k)
            total[k] += device->proxy().faults()[k];
    }
    return total;
}

int ChaosRun::patchesSent() const
{
    int n = 0;
    for (const auto &device : m_devices)
        n += device->proxy().requestCount("PATCH ");
    return n;
}

int ChaosRun::patchesCut() const
{
    int n = 0;
    for (const auto &device : m_devices)
        n += device->proxy().requestBodiesCut();
    return n;
}

bool ChaosRun::setUp(QString *error)
{
    m_clock.start();
    m_servers.push_back(std::make_unique<TestServer>());
    TestServer &first = *m_servers.front();
    if (!first.start()) {
        *error = first.lastError();
        return false;
    }
    bool ok = testsupport::addTeam(first, QStringLiteral("north"));
    QSet<QString> users(deviceUsers.begin(), deviceUsers.end());
    for (const QString &user : users)
        ok = ok && testsupport::addUser(first, user, QStringLiteral("north"),
                                        user == supervisor ? QStringLiteral("supervisor")
                                                           : QStringLiteral("collector"));
    ok = ok &&
         testsupport::publishForm(first, lwwForm, QStringLiteral("last-write-wins"),
                                  QStringLiteral("north"), QStringLiteral("team")) &&
         testsupport::publishForm(first, manualForm, QStringLiteral("manual"),
                                  QStringLiteral("north"), QStringLiteral("team")) &&
         testsupport::publishForm(first, ownForm, QStringLiteral("last-write-wins"),
                                  QStringLiteral("north"), QStringLiteral("own"));
    if (!ok || !publishFileForm(error)) {
        if (error->isEmpty())
            *error = QStringLiteral("server setup (team, users, forms) failed");
        return false;
    }
    if (TestServer::usePostgres()) {
        // A second stateless server process on the same database (and data directory).
        m_servers.push_back(std::make_unique<TestServer>());
        if (!m_servers.back()->shareDataOf(first)) {
            *error = m_servers.back()->lastError();
            return false;
        }
    }
    int enrolled = 0;
    for (int i = 0; i < m_options.devices; ++i) {
        const int server = i % static_cast<int>(m_servers.size());
        m_serverOf.push_back(server);
        auto device = std::make_unique<ChaosDevice>(
            i, deviceUsers.at(i % deviceUsers.size()),
            m_dir.path() + QStringLiteral("/device-%1").arg(i), m_servers[server]->port());
        connect(&device->proxy(), &FaultProxy::requestForwarded, this,
                [this, i](const QByteArray &line) { onRequest(i, line); });
        device->run({QStringLiteral("enroll"), QStringLiteral("--server"), device->proxyUrl(),
                     QStringLiteral("--user"), device->user(), QStringLiteral("--device-name"),
                     QStringLiteral("chaos %1").arg(i)},
                    [&enrolled, this, i](const CliResult &r) {
                        if (r.exitCode == 0)
                            ++enrolled;
                        else
                            m_problems << QStringLiteral("device %1 could not enroll: %2")
                                              .arg(i)
                                              .arg(QString::fromUtf8(r.err));
                    });
        m_devices.push_back(std::move(device));
    }
    if (!waitIdle(120000) || enrolled != m_options.devices) {
        *error = QStringLiteral("enrolment failed: ") + m_problems.join(QLatin1Char('\n'));
        return false;
    }
    for (auto &device : m_devices) {
        // Every device's first tus chunk is cut after 512 bytes (attachments are >= 1 KiB):
        // an upload cut mid-chunk for sure, besides the random cuts of any body.
        device->proxy().cutRequestBodies("PATCH ", 512, 1);
        device->proxy().setRandomFaults(m_options.rates, m_options.seed * 1000 +
                                                             static_cast<quint64>(device->index()));
    }
    return true;
}

bool ChaosRun::publishFileForm(QString *error)
{
    const QJsonObject form{
        {QStringLiteral("id"), fileForm},
        {QStringLiteral("version"), 1},
        {QStringLiteral("title"), QStringLiteral("Files")},
        {QStringLiteral("policy"), QStringLiteral("last-write-wins")},
        {QStringLiteral("fields"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")},
                                {QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("label"), QStringLiteral("A")}},
                    QJsonObject{{QStringLiteral("name"), fileField},
                                {QStringLiteral("type"), QStringLiteral("file")},
                                {QStringLiteral("label"), QStringLiteral("Document")}}}}};
    TestServer &server = *m_servers.front();
    const QString path = server.dataDir() + QStringLiteral("/form-files.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(form).toJson()) <= 0) {
        *error = QStringLiteral("cannot write ") + path;
        return false;
    }
    file.close();
    const auto result = server.admin({QStringLiteral("form"), QStringLiteral("publish"), path,
                                      QStringLiteral("--team"), QStringLiteral("north"),
                                      QStringLiteral("--visibility"), QStringLiteral("team")});
    if (result.exitCode != 0)
        *error = QStringLiteral("form publish: ") + QString::fromUtf8(result.err);
    return result.exitCode == 0;
}

bool ChaosRun::waitIdle(int timeoutMs)
{
    return QTest::qWaitFor(
        [this]() {
            if (m_restartsPending > 0)
                return false;
            return std::none_of(m_devices.begin(), m_devices.end(),
                                [](const auto &d) { return d->busy(); });
        },
        timeoutMs);
}

bool ChaosRun::play(QString *error)
{
    const int killEvery = std::max(2, m_options.rounds);
    for (m_rounds = 0; m_rounds < m_options.rounds ||
                       m_clock.elapsed() < static_cast<qint64>(m_options.soakSeconds) * 1000;
         ++m_rounds) {
        // A device crash early, a server crash in the middle (again every `rounds` in a soak).
        if (m_rounds % killEvery == std::max(1, killEvery / 3) && m_deviceKillArmed < 0)
            m_deviceKillArmed = static_cast<int>(m_random.bounded(m_options.devices));
        if (m_rounds % killEvery == killEvery / 2)
            m_serverKillArmed = true;
        scheduleRound();
        if (!waitIdle(240000)) {
            *error = QStringLiteral("round %1 did not finish within 240 s").arg(m_rounds);
            return false;
        }
    }
    return true;
}

void ChaosRun::scheduleRound()
{
    for (auto &device : m_devices) {
        FaultProxy &proxy = device->proxy();
        if (m_deviceKillArmed == device->index()) {
            proxy.setOffline(false); // the crash needs a sync that reaches the server
        } else if (m_random.generateDouble() < 0.2) {
            proxy.setOffline(!proxy.isOffline());
            if (proxy.isOffline())
                ++m_offlinePeriods;
        }
        for (int n = 1 + static_cast<int>(m_random.bounded(3)); n > 0; --n)
            scheduleOp(*device);
        if (m_random.generateDouble() < 0.75 || m_deviceKillArmed == device->index()) {
            device->run(
                {QStringLiteral("sync"), QStringLiteral("--timeout-ms"), QStringLiteral("20000")},
                [this](const CliResult &r) {
                    ++m_syncs;
                    if (r.exitCode != 0)
                        ++m_failedSyncs;
                });
        }
    }
}

void ChaosRun::scheduleOp(ChaosDevice &device)
{
    const double draw = m_random.generateDouble();
    if (m_records.isEmpty() || draw < 0.35)
        scheduleCreate(device);
    else if (draw < 0.84 || m_fileRecords.isEmpty())
        scheduleEdit(device);
    else if (draw < 0.94)
        scheduleAttach(device);
    else
        scheduleDelete(device);
}

QString ChaosRun::nextUuid()
{
    const quint32 l = m_random.generate();
    const quint16 w1 = static_cast<quint16>(m_random.generate());
    const quint16 w2 = static_cast<quint16>((m_random.generate() & 0x0fff) | 0x4000);
    uchar b[8];
    for (uchar &byte : b)
        byte = static_cast<uchar>(m_random.generate());
    b[0] = static_cast<uchar>((b[0] & 0x3f) | 0x80);
    return QUuid(l, w1, w2, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7])
        .toString(QUuid::WithoutBraces);
}

const ChaosRun::KnownRecord &ChaosRun::pickRecord()
{
    const int hot = std::min<int>(hotRecords, static_cast<int>(m_records.size()));
    if (m_random.generateDouble() < 0.6)
        return m_records.at(m_random.bounded(hot));
    return m_records.at(m_random.bounded(static_cast<int>(m_records.size())));
}

void ChaosRun::scheduleCreate(ChaosDevice &device)
{
    const double draw = m_random.generateDouble();
    const QString form = draw < 0.4    ? lwwForm
                         : draw < 0.75 ? manualForm
                         : draw < 0.88 ? fileForm
                                       : ownForm;
    const int seq = ++m_seq;
    LoggedOp op{device.index(),
                LoggedOp::Create,
                nextUuid(),
                form,
                {{QStringLiteral("a"), QStringLiteral("d%1-%2").arg(device.index()).arg(seq)}}};
    if (form != fileForm)
        op.fields.insert(QStringLiteral("b"), seq);
    m_records.append({op.recordId, form});
    if (form == fileForm)
        m_fileRecords.append({op.recordId, form});
    device.run({QStringLiteral("create"), QStringLiteral("--form"), form, QStringLiteral("--id"),
                op.recordId, QStringLiteral("--values"), compact(op.fields)},
               [this, op](const CliResult &r) {
                   if (r.exitCode == 0)
                       m_log.add(op);
                   else
                       m_problems << QStringLiteral("device %1 could not create a record: %2")
                                         .arg(op.device)
                                         .arg(QString::fromUtf8(r.err));
               });
}

void ChaosRun::scheduleEdit(ChaosDevice &device)
{
    const KnownRecord record = pickRecord();
    const int seq = ++m_seq;
    int which = static_cast<int>(m_random.bounded(3)); // a, b or both
    if (record.formId == fileForm)
        which = 0; // that form has no b
    QJsonObject fields;
    if (which != 1)
        fields.insert(QStringLiteral("a"), QStringLiteral("d%1-%2").arg(device.index()).arg(seq));
    if (which != 0)
        fields.insert(QStringLiteral("b"), seq);
    const LoggedOp op{device.index(), LoggedOp::Edit, record.id, record.formId, fields};
    device.run({QStringLiteral("update"), record.id, QStringLiteral("--values"), compact(fields)},
               [this, op](const CliResult &r) {
                   if (r.exitCode == 0)
                       m_log.add(op);
                   else
                       ++m_localRefusals; // not on this device (yet), or deleted here
               });
}

void ChaosRun::scheduleDelete(ChaosDevice &device)
{
    const KnownRecord record = pickRecord();
    const LoggedOp op{device.index(), LoggedOp::Delete, record.id, record.formId, {}};
    device.run({QStringLiteral("delete"), record.id}, [this, op](const CliResult &r) {
        if (r.exitCode == 0)
            m_log.add(op);
        else
            ++m_localRefusals;
    });
}

void ChaosRun::scheduleAttach(ChaosDevice &device)
{
    const KnownRecord record =
        m_fileRecords.at(m_random.bounded(static_cast<int>(m_fileRecords.size())));
    const int seq = ++m_seq;
    // 1 KiB to 1 MiB of seeded bytes: one tus chunk each, so an upload cut is mid-chunk.
    QByteArray bytes(1024 + static_cast<qsizetype>(m_random.bounded(1024 * 1024)),
                     Qt::Uninitialized);
    for (qsizetype i = 0; i + 4 <= bytes.size(); i += 4) {
        const quint32 word = m_random.generate();
        memcpy(bytes.data() + i, &word, 4);
    }
    const QString path = m_dir.path() + QStringLiteral("/attachment-%1.bin").arg(seq);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        m_problems << QStringLiteral("cannot write ") + path;
        return;
    }
    file.close();
    const QByteArray sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    const int index = device.index();
    device.run({QStringLiteral("attach"), record.id, fileField, path}, [this, index, record,
                                                                        sha256](
                                                                           const CliResult &r) {
        if (r.exitCode != 0) {
            ++m_localRefusals; // not on this device (yet), or deleted here
            return;
        }
        QJsonObject ref = r.json();
        ref.remove(QStringLiteral("record_id"));
        const QString id = ref.value(QStringLiteral("id")).toString();
        if (ref.value(QStringLiteral("sha256")).toString().toLatin1() != sha256)
            m_problems << QStringLiteral("device %1: attach says sha256 %2, the "
                                         "file's is %3")
                              .arg(index)
                              .arg(ref.value(QStringLiteral("sha256")).toString(),
                                   QString::fromLatin1(sha256));
        m_made.insert(id, sha256);
        m_log.add({index, LoggedOp::Edit, record.id, record.formId, QJsonObject{{fileField, ref}}});
    });
}

// A device other than the uploaders (the supervisor's) downloads attachments through its
// engine (Range-resumable, stored encrypted) and writes them out: the bytes must hash right.
QStringList ChaosRun::downloadAttachments(const QStringList &ids, int *downloaded)
{
    QStringList problems;
    const auto supervisorDevice = std::find_if(
        m_devices.begin(), m_devices.end(), [](const auto &d) { return d->user() == supervisor; });
    if (supervisorDevice == m_devices.end())
        return problems;
    for (const QString &id : ids) {
        const QString out = m_dir.path() + QStringLiteral("/download-%1.bin").arg(id);
        (*supervisorDevice)
            ->run({QStringLiteral("download"), id, out, QStringLiteral("--timeout-ms"),
                   QStringLiteral("60000")},
                  [this, id, out, downloaded, &problems](const CliResult &r) {
                      QFile file(out);
                      const QByteArray sha256 =
                          file.open(QIODevice::ReadOnly)
                              ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                    .toHex()
                              : QByteArray();
                      if (r.exitCode != 0 || sha256 != m_made.value(id))
                          problems << QStringLiteral("download of %1: exit %2, sha256 %3: %4")
                                          .arg(id)
                                          .arg(r.exitCode)
                                          .arg(QString::fromLatin1(sha256),
                                               QString::fromUtf8(r.err.trimmed()));
                      else
                          ++*downloaded;
                  });
    }
    if (!waitIdle(300000))
        problems << QStringLiteral("downloads did not finish");
    return problems;
}

void ChaosRun::onRequest(int deviceIndex, const QByteArray &requestLine)
{
    const bool push = requestLine.startsWith("POST /api/v1/push");
    if (m_serverKillArmed && push) {
        m_serverKillArmed = false;
        const int server = m_serverOf[deviceIndex];
        ++m_restartsPending; // the round waits for the restart
        QTimer::singleShot(static_cast<int>(m_random.bounded(25)), this,
                           [this, server]() { killServer(server); });
    }
    ChaosDevice &device = *m_devices[deviceIndex];
    if (m_deviceKillArmed == deviceIndex && device.runningSync() &&
        (push || requestLine.startsWith("GET /api/v1/pull"))) {
        m_deviceKillArmed = -1;
        QTimer::singleShot(static_cast<int>(m_random.bounded(120)), this, [this, deviceIndex]() {
            if (m_devices[deviceIndex]->killRunning())
                ++m_deviceKills;
            else if (m_deviceKillArmed < 0)
                m_deviceKillArmed = deviceIndex; // the sync ended first: try again
        });
    }
}

void ChaosRun::killServer(int serverIndex)
{
    m_servers[serverIndex]->kill(); // SIGKILL, in the middle of the push it just received
    ++m_serverKills;
    QTimer::singleShot(300 + static_cast<int>(m_random.bounded(500)), this,
                       [this, serverIndex]() { restartServer(serverIndex); });
}

void ChaosRun::restartServer(int serverIndex)
{
    TestServer &server = *m_servers[serverIndex];
    if (!server.serve())
        m_problems << QStringLiteral("server %1 did not restart: %2")
                          .arg(serverIndex)
                          .arg(server.lastError());
    for (auto &device : m_devices) {
        if (m_serverOf[device->index()] == serverIndex)
            device->proxy().setTarget(server.port());
    }
    --m_restartsPending;
}

bool ChaosRun::settle(QString *error)
{
    m_serverKillArmed = false;
    m_deviceKillArmed = -1;
    if (!waitIdle(60000)) {
        *error = QStringLiteral("the devices did not stop");
        return false;
    }
    for (auto &device : m_devices) {
        device->proxy().stopRandomFaults();
        device->proxy().setOffline(false);
    }
    // Two passes: the first pushes everything, the second brings everyone's changes to all.
    for (int pass = 0; pass < 3; ++pass) {
        QStringList failures;
        for (auto &device : m_devices) {
            device->run({QStringLiteral("sync"), QStringLiteral("--until-idle"),
                         QStringLiteral("--timeout-ms"), QStringLiteral("120000")},
                        [&failures, i = device->index()](const CliResult &r) {
                            const int pending =
                                r.json().value(QStringLiteral("pending_ops")).toInt(-1);
                            if (r.exitCode != 0 || pending != 0)
                                failures << QStringLiteral("device %1: exit %2, pending %3: %4")
                                                .arg(i)
                                                .arg(r.exitCode)
                                                .arg(pending)
                                                .arg(QString::fromUtf8(r.err + r.out).trimmed());
                        });
        }
        if (!waitIdle(180000)) {
            *error = QStringLiteral("final sync did not finish");
            return false;
        }
        if (pass >= 1 && failures.isEmpty())
            return true;
        if (pass == 2) {
            *error = QStringLiteral("final sync failed:\n") + failures.join(QLatin1Char('\n'));
            return false;
        }
    }
    return false;
}

QStringList ChaosRun::compareDevice(ChaosDevice &device, const CliResult &exported,
                                    const CliResult &rejected, const ServerState &server,
                                    int *rejectedKept)
{
    QStringList problems;
    const QString who = QStringLiteral("device %1 (%2)").arg(device.index()).arg(device.user());
    if (exported.exitCode != 0 || rejected.exitCode != 0)
        return {who + QStringLiteral(": export/rejected failed: ") +
                QString::fromUtf8(exported.err + rejected.err)};
    // Ops the server refused stay visible on the device; the only acceptable reason here is an
    // edit of a record someone deleted (its values are in the conflict log).
    QSet<QString> rejectedRecords;
    for (const QJsonValue &v : rejected.json().value(QStringLiteral("rejected")).toArray()) {
        const QJsonObject entry = v.toObject();
        rejectedRecords.insert(entry.value(QStringLiteral("record_id")).toString());
        ++*rejectedKept;
        if (!entry.value(QStringLiteral("reason"))
                 .toString()
                 .startsWith(QStringLiteral("record_deleted")))
            problems << who + QStringLiteral(": op rejected: ") + compact(entry);
    }
    QHash<QString, QJsonObject> local;
    for (const QJsonValue &v : exported.json().value(QStringLiteral("records")).toArray()) {
        const QJsonObject r = v.toObject();
        if (!r.value(QStringLiteral("deleted")).toBool())
            local.insert(r.value(QStringLiteral("id")).toString(), r);
    }
    const bool seesAll = device.user() == supervisor;
    for (const ServerRecord &record : server.records()) {
        const bool visible = seesAll || record.formId != ownForm || record.owner == device.user();
        if (record.deleted || !visible || rejectedRecords.contains(record.id))
            continue;
        const QJsonObject mine = local.take(record.id);
        if (mine.isEmpty()) {
            problems << who + QStringLiteral(": misses record ") + record.id;
            continue;
        }
        const qint64 version =
            static_cast<qint64>(mine.value(QStringLiteral("server_version")).toDouble());
        const QJsonObject values = mine.value(QStringLiteral("values")).toObject();
        if (values != record.values || version != record.version)
            problems << who + QStringLiteral(": record %1 is v%2 %3, the server has v%4 %5")
                                  .arg(record.id)
                                  .arg(version)
                                  .arg(compact(values))
                                  .arg(record.version)
                                  .arg(compact(record.values));
    }
    for (auto it = local.begin(); it != local.end(); ++it) {
        if (!rejectedRecords.contains(it.key()))
            problems << who + QStringLiteral(": has record %1 that the server has not (or deleted)")
                                  .arg(it.key());
    }
    return problems;
}

QStringList ChaosRun::verify()
{
    QStringList problems = m_problems;
    ServerState server;
    QString error;
    if (!server.load(*m_servers.front(), m_servers.front()->port(), supervisor, &error))
        return problems << error;
    const Accounting accounting = m_log.check(server);
    problems << accounting.problems;
    const AttachmentVerdict attachments =
        checkAttachments(server, m_servers.front()->port(), m_made, fileField);
    problems << attachments.problems;
    m_attachmentsVerified = attachments.verified;
    QStringList declared;
    for (const ServerRecord &record : server.records()) {
        const QString id =
            record.values.value(fileField).toObject().value(QStringLiteral("id")).toString();
        if (!record.deleted && !id.isEmpty() && declared.size() < 8)
            declared << id;
    }
    problems << downloadAttachments(declared, &m_attachmentsDownloaded);

    std::vector<CliResult> exports(m_devices.size());
    std::vector<CliResult> rejected(m_devices.size());
    for (auto &device : m_devices) {
        const size_t i = static_cast<size_t>(device->index());
        device->run({QStringLiteral("export")},
                    [&exports, i](const CliResult &r) { exports[i] = r; });
        device->run({QStringLiteral("rejected")},
                    [&rejected, i](const CliResult &r) { rejected[i] = r; });
    }
    if (!waitIdle(120000))
        return problems << QStringLiteral("export did not finish");
    int rejectedKept = 0;
    int diverged = 0;
    for (auto &device : m_devices) {
        const size_t i = static_cast<size_t>(device->index());
        const QStringList differences =
            compareDevice(*device, exports[i], rejected[i], server, &rejectedKept);
        diverged += static_cast<int>(differences.size());
        problems << differences;
    }

    const FaultCounts counts = faults();
    QStringList faultText;
    for (int k = 0; k < faultKindCount; ++k)
        faultText
            << QStringLiteral("%1=%2").arg(faultKindName(static_cast<FaultKind>(k))).arg(counts[k]);
    const int live =
        static_cast<int>(std::count_if(server.records().begin(), server.records().end(),
                                       [](const ServerRecord &r) { return !r.deleted; }));
    m_summary =
        QStringLiteral("chaos: backend=%1 servers=%2 seed=%3 rounds=%4 devices=%5 ops=%6 "
                       "(create=%7 edit=%8 delete=%9) faults: %10 offline_periods=%11 "
                       "server_kills=%12 device_kills=%13 syncs=%14 (failed=%15) duplicates=%16 "
                       "lost=%17 conflicts=%18 (open=%19 auto_resolved=%20 resolved=%21) "
                       "rejected_kept=%22 records=%23 diverged=%24 attachments=%25 (made=%26 "
                       "sha256_verified=%27 downloaded=%28) tus_patches=%29 (cut_mid_chunk=%30) "
                       "seconds=%31")
            .arg(TestServer::usePostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite"))
            .arg(m_servers.size())
            .arg(m_options.seed)
            .arg(m_rounds)
            .arg(m_devices.size())
            .arg(m_log.ops().size())
            .arg(m_log.count(LoggedOp::Create))
            .arg(m_log.count(LoggedOp::Edit))
            .arg(m_log.count(LoggedOp::Delete))
            .arg(faultText.join(QLatin1Char(' ')))
            .arg(m_offlinePeriods)
            .arg(m_serverKills)
            .arg(m_deviceKills)
            .arg(m_syncs)
            .arg(m_failedSyncs)
            .arg(accounting.duplicates)
            .arg(accounting.lost)
            .arg(server.conflicts().size())
            .arg(server.conflictCount(QStringLiteral("open")))
            .arg(server.conflictCount(QStringLiteral("auto_resolved")))
            .arg(server.conflictCount(QStringLiteral("resolved")))
            .arg(rejectedKept)
            .arg(live)
            .arg(diverged)
            .arg(attachments.declared)
            .arg(m_made.size())
            .arg(m_attachmentsVerified)
            .arg(m_attachmentsDownloaded)
            .arg(patchesSent())
            .arg(patchesCut())
            .arg(m_clock.elapsed() / 1000);
    return problems;
}

} // namespace chaos
