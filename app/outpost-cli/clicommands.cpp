#include "clicommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include "consolestreams.h"
#include "secretinput.h"
#include "storedform.h"
#include "synccontroller.h"
#include "syncstatus.h"

namespace outpost {

using console::err;
using console::out;

namespace {

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QJsonObject summaryJson(const RecordSummary &s)
{
    return {{QStringLiteral("id"), uuidText(s.id)},
            {QStringLiteral("form_id"), s.formId},
            {QStringLiteral("form_version"), s.formVersion},
            {QStringLiteral("state"), recordStateName(s.state)},
            {QStringLiteral("sync_status"), syncStatusName(s.syncStatus)},
            {QStringLiteral("server_version"), static_cast<double>(s.serverVersion)},
            {QStringLiteral("deleted"), s.deleted},
            {QStringLiteral("display_text"), s.displayText}};
}

QJsonObject recordJson(const Record &r, const QString &syncStatus)
{
    QJsonObject json{{QStringLiteral("id"), uuidText(r.id)},
                     {QStringLiteral("form_id"), r.formId},
                     {QStringLiteral("form_version"), r.formVersion},
                     {QStringLiteral("values"), r.values},
                     {QStringLiteral("state"), recordStateName(r.state)},
                     {QStringLiteral("server_version"), static_cast<double>(r.serverVersion)},
                     {QStringLiteral("deleted"), r.deleted},
                     {QStringLiteral("sync_status"), syncStatus}};
    if (!r.reviewComment.isEmpty())
        json.insert(QStringLiteral("review_comment"), r.reviewComment);
    if (r.updatedAt.isValid())
        json.insert(QStringLiteral("updated_at"), r.updatedAt.toString(Qt::ISODateWithMs));
    return json;
}

QString compactText(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

StoreOptions storeOptions()
{
    // Tests and benchmarks only: a minimal Argon2id cost. Never for real data.
    if (qEnvironmentVariable("OUTPOST_INSECURE_FAST_KDF") == QStringLiteral("1"))
        return StoreOptions::fastForTests();
    return StoreOptions{};
}

} // namespace

QString CliCommands::takeOption(const QString &name, const QString &fallback)
{
    const qsizetype i = m_args.indexOf(name);
    if (i < 0 || i + 1 >= m_args.size())
        return fallback;
    const QString value = m_args.at(i + 1);
    m_args.remove(i, 2);
    return value;
}

bool CliCommands::takeFlag(const QString &name)
{
    return m_args.removeAll(name) > 0;
}

int CliCommands::usage(const QString &problem)
{
    QTextStream &stream = problem.isEmpty() ? out() : err();
    if (!problem.isEmpty())
        stream << "outpost-cli: " << problem << "\n\n";
    stream << "usage: outpost-cli [--store DIR] [--json] [--passphrase-fd N] COMMAND\n"
              "  The store directory is --store or $OUTPOST_STORE; the passphrase is the first\n"
              "  line of fd N or $OUTPOST_PASSPHRASE (never an argument).\n"
              "  init                                   create an empty encrypted store\n"
              "  enroll --server URL --user NAME [--device-name NAME] [--password-fd N]\n"
              "                                         sign in ($OUTPOST_PASSWORD or fd)\n"
              "  create --form ID [--form-version N] [--id UUID] [--state draft|finalized]\n"
              "         --values JSON|-                 a new record (- reads stdin)\n"
              "  update ID [--values JSON|-] [--state S] set fields (null removes one)\n"
              "  delete ID\n"
              "  list [--form ID] | show ID | export | forms | rejected | status\n"
              "  dismiss OP_ID | --all                  drop rejected operations\n"
              "  sync [--until-idle] [--timeout-ms N]   once, or until nothing is pending\n"
              "                                         (--until-idle waits for uploads too)\n"
              "  attach RECORD_ID FIELD FILE            a photo/file field gets FILE (encrypted)\n"
              "  uploads                                uploads and downloads, state, progress\n"
              "  pause ATTACHMENT_ID | resume ATTACHMENT_ID\n"
              "  download ATTACHMENT_ID OUT_FILE [--timeout-ms N]\n"
              "                                         fetch (if needed) and write it out\n"
              "Exit codes: 0 ok, 1 error, 2 usage, 3 sync failed transiently, 4 permanently.\n";
    stream.flush();
    return problem.isEmpty() ? 0 : 2;
}

int CliCommands::fail(const Error &error, int exitCode)
{
    if (m_json) {
        out() << compactText({{QStringLiteral("error"),
                               QJsonObject{{QStringLiteral("code"), error.code},
                                           {QStringLiteral("message"), error.message},
                                           {QStringLiteral("permanent"), error.isPermanent()}}}})
              << '\n';
        out().flush();
    }
    err() << "outpost-cli: " << error.message << " (" << error.code << ")\n";
    err().flush();
    return exitCode;
}

int CliCommands::print(const QJsonObject &json, const QString &text)
{
    out() << (m_json ? compactText(json) : text) << '\n';
    out().flush();
    return 0;
}

Result<std::unique_ptr<LocalStore>> CliCommands::openStore(bool createIfMissing)
{
    if (m_storeDir.isEmpty())
        return Error::permanentError(QStringLiteral("usage"),
                                     QStringLiteral("give the store directory with --store DIR "
                                                    "or $OUTPOST_STORE"));
    auto passphrase =
        readSecret(m_passphraseFd, "OUTPOST_PASSPHRASE", QStringLiteral("passphrase"));
    if (!passphrase)
        return passphrase.error();
    const StoreLocation location = StoreLocation::inDirectory(QDir(m_storeDir).absolutePath());
    if (!LocalStore::exists(location)) {
        if (!createIfMissing)
            return Error::permanentError(
                QStringLiteral("store_missing"),
                QStringLiteral("no store in %1; run init or enroll").arg(m_storeDir));
        QDir().mkpath(location.directory);
        return LocalStore::create(location, *passphrase, storeOptions());
    }
    return LocalStore::unlock(location, *passphrase, storeOptions());
}

Result<QJsonObject> CliCommands::readValues(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (text == QStringLiteral("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error::permanentError(QStringLiteral("usage"), QStringLiteral("no stdin"));
        bytes = in.readAll();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (!doc.isObject())
        return Error::permanentError(QStringLiteral("invalid_json"),
                                     QStringLiteral("--values must be a JSON object"));
    return doc.object();
}

int CliCommands::run()
{
    m_json = takeFlag(QStringLiteral("--json"));
    m_storeDir = takeOption(QStringLiteral("--store"), qEnvironmentVariable("OUTPOST_STORE"));
    m_passphraseFd = takeOption(QStringLiteral("--passphrase-fd"));
    if (m_args.isEmpty())
        return usage(QStringLiteral("no command"));
    const QString command = m_args.takeFirst();
    if (command == QStringLiteral("help") || command == QStringLiteral("--help"))
        return usage();
    if (command == QStringLiteral("--version") || command == QStringLiteral("version"))
        return print({{QStringLiteral("version"), QCoreApplication::applicationVersion()}},
                     QCoreApplication::applicationVersion());
    if (command == QStringLiteral("init"))
        return init();
    if (command == QStringLiteral("enroll"))
        return enroll();
    if (command == QStringLiteral("create"))
        return create();
    if (command == QStringLiteral("update"))
        return update();
    if (command == QStringLiteral("delete"))
        return remove();
    if (command == QStringLiteral("list"))
        return list();
    if (command == QStringLiteral("show"))
        return show();
    if (command == QStringLiteral("export"))
        return exportRecords();
    if (command == QStringLiteral("forms"))
        return forms();
    if (command == QStringLiteral("rejected"))
        return rejected();
    if (command == QStringLiteral("dismiss"))
        return dismiss();
    if (command == QStringLiteral("status"))
        return status();
    if (command == QStringLiteral("sync"))
        return sync();
    if (command == QStringLiteral("attach"))
        return attach();
    if (command == QStringLiteral("uploads") || command == QStringLiteral("transfers"))
        return uploads();
    if (command == QStringLiteral("pause") || command == QStringLiteral("resume"))
        return pauseOrResume(command == QStringLiteral("pause"));
    if (command == QStringLiteral("download"))
        return download();
    return usage(QStringLiteral("unknown command \"%1\"").arg(command));
}

int CliCommands::init()
{
    auto store = openStore(true);
    if (!store)
        return fail(store.error());
    return print({{QStringLiteral("store"), (*store)->location().directory}},
                 QStringLiteral("store ready in ") + (*store)->location().directory);
}

int CliCommands::enroll()
{
    const QString server = takeOption(QStringLiteral("--server"));
    const QString user = takeOption(QStringLiteral("--user"));
    const QString deviceName =
        takeOption(QStringLiteral("--device-name"), QStringLiteral("outpost-cli"));
    const QString passwordFd = takeOption(QStringLiteral("--password-fd"));
    if (server.isEmpty() || user.isEmpty())
        return usage(QStringLiteral("enroll needs --server URL and --user NAME"));
    auto password = readSecret(passwordFd, "OUTPOST_PASSWORD", QStringLiteral("password"));
    if (!password)
        return fail(password.error(), 2);
    auto store = openStore(true);
    if (!store)
        return fail(store.error());
    auto connection = (*store)->openConnection();
    if (!connection)
        return fail(connection.error());
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    SyncController controller(std::move(*connection), config);
    QEventLoop loop;
    QString code;
    QString message;
    QObject::connect(&controller, &SyncController::enrollFinished, &loop,
                     [&](const QString &c, const QString &m) {
                         code = c;
                         message = m;
                         loop.quit();
                     });
    controller.start();
    controller.enroll(server, user, *password, deviceName);
    loop.exec();
    const SyncState state = controller.state();
    controller.stop();
    if (!code.isEmpty())
        return fail(Error::permanentError(code, message), 4);
    return print({{QStringLiteral("device_id"), state.deviceId}},
                 QStringLiteral("enrolled; device id ") + state.deviceId);
}

int CliCommands::create()
{
    const QString formId = takeOption(QStringLiteral("--form"));
    const int formVersion =
        takeOption(QStringLiteral("--form-version"), QStringLiteral("1")).toInt();
    const QString id = takeOption(QStringLiteral("--id"));
    const QString stateName = takeOption(QStringLiteral("--state"), QStringLiteral("draft"));
    const QString valuesText = takeOption(QStringLiteral("--values"), QStringLiteral("{}"));
    if (formId.isEmpty())
        return usage(QStringLiteral("create needs --form ID"));
    auto values = readValues(valuesText);
    if (!values)
        return fail(values.error(), 2);
    auto state = recordStateFromName(stateName);
    if (!state)
        return fail(state.error(), 2);
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    Record record;
    record.id = id.isEmpty() ? QUuid() : QUuid::fromString(id);
    if (!id.isEmpty() && record.id.isNull())
        return fail(Error::permanentError(QStringLiteral("usage"), QStringLiteral("bad --id")), 2);
    record.formId = formId;
    record.formVersion = formVersion;
    record.values = *values;
    record.state = *state;
    auto created = (*store)->createRecord(record);
    if (!created)
        return fail(created.error());
    return print(recordJson(*created, QStringLiteral("pending")), uuidText(created->id));
}

int CliCommands::update()
{
    if (m_args.isEmpty())
        return usage(QStringLiteral("update needs a record id"));
    const QUuid id = QUuid::fromString(m_args.takeFirst());
    const QString valuesText = takeOption(QStringLiteral("--values"), QStringLiteral("{}"));
    const QString stateName = takeOption(QStringLiteral("--state"));
    auto values = readValues(valuesText);
    if (!values)
        return fail(values.error(), 2);
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto record = (*store)->record(id);
    if (!record)
        return fail(record.error());
    for (auto it = values->begin(); it != values->end(); ++it) {
        if (it->isNull())
            record->values.remove(it.key());
        else
            record->values.insert(it.key(), it.value());
    }
    if (!stateName.isEmpty()) {
        auto state = recordStateFromName(stateName);
        if (!state)
            return fail(state.error(), 2);
        record->state = *state;
    }
    auto updated = (*store)->updateRecord(*record);
    if (!updated)
        return fail(updated.error());
    return print(recordJson(*updated, QStringLiteral("pending")), uuidText(updated->id));
}

int CliCommands::remove()
{
    if (m_args.isEmpty())
        return usage(QStringLiteral("delete needs a record id"));
    const QUuid id = QUuid::fromString(m_args.takeFirst());
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    if (Status s = (*store)->deleteRecord(id); !s)
        return fail(s.error());
    return print({{QStringLiteral("deleted"), uuidText(id)}}, QStringLiteral("deleted"));
}

int CliCommands::list()
{
    RecordQuery query;
    query.formId = takeOption(QStringLiteral("--form"));
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto rows = (*store)->listRecords(query);
    if (!rows)
        return fail(rows.error());
    QJsonArray array;
    QStringList lines;
    for (const RecordSummary &s : *rows) {
        array.append(summaryJson(s));
        lines << QStringLiteral("%1  %2  %3  %4  %5")
                     .arg(uuidText(s.id), s.formId, recordStateName(s.state),
                          syncStatusName(s.syncStatus), s.displayText);
    }
    return print({{QStringLiteral("records"), array}}, lines.join(QLatin1Char('\n')));
}

int CliCommands::show()
{
    if (m_args.isEmpty())
        return usage(QStringLiteral("show needs a record id"));
    const QUuid id = QUuid::fromString(m_args.takeFirst());
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto record = (*store)->record(id);
    if (!record)
        return fail(record.error());
    auto status = (*store)->syncStatus(id);
    const QJsonObject json =
        recordJson(*record, status ? syncStatusName(*status) : QStringLiteral("unknown"));
    return print(json, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
}

int CliCommands::exportRecords()
{
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto rows = (*store)->listRecords({});
    if (!rows)
        return fail(rows.error());
    QJsonArray array;
    for (const RecordSummary &s : *rows) {
        auto record = (*store)->record(s.id);
        if (!record)
            return fail(record.error());
        array.append(recordJson(*record, syncStatusName(s.syncStatus)));
    }
    out() << QJsonDocument(QJsonObject{{QStringLiteral("records"), array}})
                 .toJson(m_json ? QJsonDocument::Compact : QJsonDocument::Indented)
          << '\n';
    out().flush();
    return 0;
}

int CliCommands::forms()
{
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto all = (*store)->forms();
    if (!all)
        return fail(all.error());
    QJsonArray array;
    QStringList lines;
    for (const StoredForm &f : *all) {
        array.append(QJsonObject{{QStringLiteral("form_id"), f.formId},
                                 {QStringLiteral("version"), f.version},
                                 {QStringLiteral("title"), f.title}});
        lines << QStringLiteral("%1 v%2  %3").arg(f.formId).arg(f.version).arg(f.title);
    }
    return print({{QStringLiteral("forms"), array}}, lines.join(QLatin1Char('\n')));
}

int CliCommands::rejected()
{
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto entries = (*store)->rejectedOperations();
    if (!entries)
        return fail(entries.error());
    QJsonArray array;
    QStringList lines;
    for (const OutboxEntry &e : *entries) {
        array.append(QJsonObject{{QStringLiteral("op_id"), uuidText(e.operation.opId)},
                                 {QStringLiteral("record_id"), uuidText(e.operation.entityId)},
                                 {QStringLiteral("kind"), operationKindName(e.operation.kind)},
                                 {QStringLiteral("reason"), e.rejectReason}});
        lines << uuidText(e.operation.entityId) + QStringLiteral("  ") + e.rejectReason;
    }
    return print({{QStringLiteral("rejected"), array}}, lines.join(QLatin1Char('\n')));
}

// Drops rejected operations: one by op id (as `rejected` lists them), or all of them. The
// local record keeps its values; its sync status is recomputed.
int CliCommands::dismiss()
{
    const bool all = takeFlag(QStringLiteral("--all"));
    if (!all && m_args.isEmpty())
        return usage(QStringLiteral("dismiss needs an operation id (see rejected) or --all"));
    QList<QUuid> ids;
    if (!all) {
        const QUuid id = QUuid::fromString(m_args.takeFirst());
        if (id.isNull())
            return usage(QStringLiteral("dismiss: not an operation id"));
        ids << id;
    }
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    if (all) {
        auto entries = (*store)->rejectedOperations();
        if (!entries)
            return fail(entries.error());
        for (const OutboxEntry &e : *entries)
            ids << e.operation.opId;
    }
    QJsonArray done;
    for (const QUuid &id : ids) {
        if (Status s = (*store)->dismissRejected(id); !s)
            return fail(s.error());
        done.append(uuidText(id));
    }
    return print({{QStringLiteral("dismissed"), done}},
                 QStringLiteral("%1 dismissed").arg(done.size()));
}

int CliCommands::status()
{
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto connection = (*store)->openConnection();
    if (!connection)
        return fail(connection.error());
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    SyncController controller(std::move(*connection), config);
    QEventLoop loop;
    QObject::connect(&controller, &SyncController::stateChanged, &loop, &QEventLoop::quit);
    controller.start();
    loop.exec();
    const SyncState state = controller.state();
    controller.stop();
    QJsonObject json = state.toJson();
    auto cursor = (*store)->syncState(QStringLiteral("pull_cursor"));
    json.insert(QStringLiteral("pull_cursor"), cursor ? *cursor : QString());
    auto conflicts = (*store)->syncState(QStringLiteral("open_conflicts"));
    json.insert(QStringLiteral("open_conflicts"),
                QJsonDocument::fromJson(conflicts.valueOr(QString()).toUtf8()).object().size());
    return print(json, QStringLiteral("phase %1, %2 pending, %3 rejected, last sync %4%5")
                           .arg(syncPhaseName(state.phase))
                           .arg(state.pendingOps)
                           .arg(state.rejectedOps)
                           .arg(state.lastSuccessfulSync.isValid()
                                    ? state.lastSuccessfulSync.toString(Qt::ISODate)
                                    : QStringLiteral("never"),
                                state.lastErrorCode.isEmpty()
                                    ? QString()
                                    : QStringLiteral(", last error ") + state.lastErrorCode));
}

int CliCommands::sync()
{
    const bool untilIdle = takeFlag(QStringLiteral("--until-idle"));
    const int timeoutMs =
        takeOption(QStringLiteral("--timeout-ms"), QStringLiteral("120000")).toInt();
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto connection = (*store)->openConnection();
    if (!connection)
        return fail(connection.error());
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    config.autoRetry = untilIdle;
    if (qEnvironmentVariableIsSet("OUTPOST_SYNC_BACKOFF_MAX_MS"))
        config.backoffMaxMs = qEnvironmentVariableIntValue("OUTPOST_SYNC_BACKOFF_MAX_MS");
    if (qEnvironmentVariableIsSet("OUTPOST_SYNC_PULL_PAGE"))
        config.pullPageSize = qEnvironmentVariableIntValue("OUTPOST_SYNC_PULL_PAGE");
    SyncController controller(std::move(*connection), config);
    QEventLoop loop;
    bool finished = false;
    bool wiped = false;
    bool recordsIdle = false; // --until-idle: then wait until no upload is queued or moving
    auto transfersMoving = [](const QList<AttachmentTransfer> &transfers) {
        return std::any_of(transfers.begin(), transfers.end(), [](const AttachmentTransfer &t) {
            return t.direction == AttachmentTransfer::Direction::Upload &&
                   (t.state == AttachmentTransfer::State::Active ||
                    t.state == AttachmentTransfer::State::Queued);
        });
    };
    QObject::connect(&controller, &SyncController::transfersChanged, &loop,
                     [&](const QList<AttachmentTransfer> &transfers) {
                         if (recordsIdle && !transfersMoving(transfers)) {
                             finished = true;
                             loop.quit();
                         }
                     });
    QObject::connect(&controller, &SyncController::cycleFinished, &loop, [&](bool ok) {
        const SyncState state = controller.state();
        const bool stopped = state.phase == SyncPhase::SignInRequired ||
                             state.phase == SyncPhase::Revoked ||
                             state.phase == SyncPhase::NotEnrolled;
        if (state.phase == SyncPhase::Wiped)
            return; // wait for the confirmation (wiped)
        if (!untilIdle || stopped || (!ok && state.lastErrorPermanent)) {
            finished = true;
            loop.quit();
        } else if (ok) {
            if (state.pendingOps == 0) {
                recordsIdle = true;
                if (!transfersMoving(controller.transfers())) {
                    finished = true;
                    loop.quit();
                }
            } else {
                controller.syncNow();
            }
        }
    });
    QObject::connect(&controller, &SyncController::wiped, &loop, [&]() {
        wiped = true;
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    controller.start();
    controller.syncNow();
    loop.exec();
    const SyncState state = controller.state();
    controller.stop();
    if (wiped) {
        store->reset();
        return fail(Error::permanentError(QStringLiteral("wiped"),
                                          QStringLiteral("the server ordered a wipe; the local "
                                                         "data was destroyed")),
                    4);
    }
    QJsonObject json = state.toJson();
    if (!finished)
        return fail(Error::transientError(QStringLiteral("timeout"),
                                          QStringLiteral("sync did not finish within %1 ms; %2")
                                              .arg(timeoutMs)
                                              .arg(state.lastErrorMessage)),
                    3);
    if (!state.lastErrorCode.isEmpty())
        return fail(Error{state.lastErrorCode, state.lastErrorMessage, state.lastErrorPermanent},
                    state.lastErrorPermanent ? 4 : 3);
    return print(json, QStringLiteral("synced: %1 pending, %2 rejected")
                           .arg(state.pendingOps)
                           .arg(state.rejectedOps));
}

} // namespace outpost
