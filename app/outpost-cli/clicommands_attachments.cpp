// outpost-cli: attach, uploads, pause, resume, download (docs/sync-engine.md "outpost-cli").
#include "clicommands.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QSaveFile>
#include <QTimer>

#include "formdefinition.h"
#include "storedform.h"
#include "synccontroller.h"

namespace outpost {

namespace {

using Transfers = QList<AttachmentTransfer>;

// Runs an engine (no sync cycle) on the store's second connection: start() sends the first
// list of transfers; command(controller) then runs, and the loop ends when a later list
// satisfies done(transfers), or after timeoutMs. Without a command the first list is the
// answer. Returns the last list.
Result<Transfers> runEngine(LocalStore &store, const std::function<void(SyncController &)> &command,
                            const std::function<bool(const Transfers &)> &done, int timeoutMs)
{
    auto connection = store.openConnection();
    if (!connection)
        return connection.error();
    SyncConfig config;
    config.syncOnStart = false;
    config.periodicMs = 0;
    config.watchNetwork = false;
    SyncController controller(std::move(*connection), config);
    QEventLoop loop;
    bool first = true;
    bool finished = false;
    Transfers last;
    QObject::connect(&controller, &SyncController::transfersChanged, &loop,
                     [&](const Transfers &transfers) {
                         last = transfers;
                         if (first && command) {
                             first = false;
                             command(controller);
                             return;
                         }
                         if (done(transfers)) {
                             finished = true;
                             loop.quit();
                         }
                     });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    controller.start();
    loop.exec();
    controller.stop();
    if (!finished)
        return Error::transientError(QStringLiteral("timeout"),
                                     QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    return last;
}

const AttachmentTransfer *find(const Transfers &transfers, const QUuid &id)
{
    const QString text = id.toString(QUuid::WithoutBraces);
    for (const AttachmentTransfer &t : transfers) {
        if (t.attachmentId == text)
            return &t;
    }
    return nullptr;
}

QUuid attachmentIdArgument(QStringList &args)
{
    return args.isEmpty() ? QUuid() : QUuid::fromString(args.takeFirst());
}

} // namespace

int CliCommands::attach()
{
    if (m_args.size() < 3)
        return usage(QStringLiteral("attach needs RECORD_ID FIELD FILE"));
    const QUuid recordId = QUuid::fromString(m_args.takeFirst());
    const QString field = m_args.takeFirst();
    const QString path = m_args.takeFirst();
    if (recordId.isNull())
        return usage(QStringLiteral("attach: not a record id"));
    if (!QFileInfo(path).isFile())
        return fail(Error::permanentError(QStringLiteral("io_error"),
                                          QStringLiteral("%1 is not a readable file").arg(path)));
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto record = (*store)->record(recordId);
    if (!record)
        return fail(record.error());
    // Everything is checked before the file is imported: a refusal changes nothing.
    auto form = (*store)->form(record->formId, record->formVersion);
    if (!form)
        return fail(form.error());
    auto definition = FormDefinition::fromJson(form->definitionJson);
    if (!definition)
        return fail(definition.error());
    const FieldDefinition *target = definition->field(field);
    if (!target || field.contains(QLatin1Char('.')) ||
        (target->type != FieldType::Photo && target->type != FieldType::File))
        return fail(Error::permanentError(QStringLiteral("invalid_field"),
                                          QStringLiteral("\"%1\" is not a photo or file field of "
                                                         "form %2 (repeats are not supported)")
                                              .arg(field, record->formId)),
                    2);
    auto ref = (*store)->importAttachment(path, recordId);
    if (!ref)
        return fail(ref.error());
    record->values.insert(field, ref->toJson());
    auto updated = (*store)->updateRecord(*record);
    if (!updated)
        return fail(updated.error());
    QJsonObject json = ref->toJson();
    json.insert(QStringLiteral("record_id"), recordId.toString(QUuid::WithoutBraces));
    return print(json, ref->id.toString(QUuid::WithoutBraces));
}

int CliCommands::uploads()
{
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto transfers = runEngine(
        **store, {}, [](const Transfers &) { return true; }, 30000);
    if (!transfers)
        return fail(transfers.error());
    QJsonArray array;
    QStringList lines;
    const QLocale locale = QLocale::c();
    for (const AttachmentTransfer &t : *transfers) {
        array.append(t.toJson());
        lines << QStringLiteral("%1  %2  %3  %4 / %5  %6%7")
                     .arg(t.attachmentId, transferDirectionName(t.direction),
                          transferStateName(t.state), locale.formattedDataSize(t.transferredBytes),
                          locale.formattedDataSize(t.sizeBytes), t.fileName,
                          t.errorMessage.isEmpty()
                              ? QString()
                              : QStringLiteral("  (") + t.errorMessage + QLatin1Char(')'));
    }
    return print({{QStringLiteral("transfers"), array}}, lines.join(QLatin1Char('\n')));
}

int CliCommands::pauseOrResume(bool pause)
{
    const QUuid id = attachmentIdArgument(m_args);
    if (id.isNull())
        return usage(QStringLiteral("%1 needs an attachment id (see uploads)")
                         .arg(pause ? QStringLiteral("pause") : QStringLiteral("resume")));
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto info = (*store)->attachment(id);
    if (!info)
        return fail(info.error());
    const bool isDownload = info->fromServer;
    const bool paused = isDownload ? info->downloadState == DownloadState::Paused
                                   : info->uploadState == UploadState::Paused;
    const bool movable = isDownload ? info->downloadState == DownloadState::Wanted
                                    : info->uploadState != UploadState::Done &&
                                          info->uploadState != UploadState::Failed;
    if (pause ? !(paused || movable) : !paused)
        return fail(Error::permanentError(QStringLiteral("invalid_state"),
                                          pause ? QStringLiteral("nothing to pause: the transfer "
                                                                 "is done or failed")
                                                : QStringLiteral("the transfer is not paused")));
    const QString idText = id.toString(QUuid::WithoutBraces);
    auto transfers = runEngine(
        **store,
        [pause, idText](SyncController &c) {
            pause ? c.pauseTransfer(idText) : c.resumeTransfer(idText);
        },
        [pause, id](const Transfers &list) {
            const AttachmentTransfer *t = find(list, id);
            return t && (t->state == AttachmentTransfer::State::Paused) == pause;
        },
        30000);
    if (!transfers)
        return fail(transfers.error());
    const AttachmentTransfer *t = find(*transfers, id);
    return print(t ? t->toJson() : QJsonObject{},
                 QStringLiteral("%1 %2").arg(idText, transferStateName(t->state)));
}

int CliCommands::download()
{
    const int timeoutMs =
        takeOption(QStringLiteral("--timeout-ms"), QStringLiteral("600000")).toInt();
    if (m_args.size() < 2)
        return usage(QStringLiteral("download needs ATTACHMENT_ID OUT_FILE"));
    const QUuid id = attachmentIdArgument(m_args);
    const QString outPath = m_args.takeFirst();
    if (id.isNull())
        return usage(QStringLiteral("download: not an attachment id"));
    auto store = openStore(false);
    if (!store)
        return fail(store.error());
    auto info = (*store)->attachment(id);
    const bool here = info && (!info->fromServer || info->downloadState == DownloadState::Done);
    if (!here) {
        if (auto wanted = (*store)->requestDownload(id); !wanted) // no record declares it
            return fail(wanted.error());
        const QString idText = id.toString(QUuid::WithoutBraces);
        auto transfers = runEngine(
            **store, [idText](SyncController &c) { c.requestDownload(idText); },
            [id](const Transfers &list) {
                const AttachmentTransfer *t = find(list, id);
                return t && (t->state == AttachmentTransfer::State::Done ||
                             t->state == AttachmentTransfer::State::Failed);
            },
            timeoutMs);
        if (!transfers)
            return fail(transfers.error(), 3);
        const AttachmentTransfer *t = find(*transfers, id);
        if (t->state == AttachmentTransfer::State::Failed)
            return fail(Error::permanentError(QStringLiteral("download_failed"), t->errorMessage),
                        4);
    }
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return fail(Error::permanentError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot write %1: %2").arg(outPath, out.errorString())));
    if (Status s = (*store)->exportAttachment(id, out); !s) {
        out.cancelWriting();
        return fail(s.error());
    }
    if (!out.commit())
        return fail(Error::permanentError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot write %1: %2").arg(outPath, out.errorString())));
    auto final = (*store)->attachment(id);
    return print(final ? final->ref.toJson() : QJsonObject{}, outPath);
}

} // namespace outpost
