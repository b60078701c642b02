#include "screenshotdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "appsettings.h"
#include "credentials.h"
#include "demoforms.h"
#include "reviewqueue.h"

namespace outpost::ui::screenshotdata {

namespace {

struct DemoFarmer
{
    const char *name;
    const char *village;
    int people;
    enum
    {
        Draft,
        Finalized,
        Synced,
        Rejected,
        Conflict
    } status;
};

const DemoFarmer kFarmers[] = {
    {"Chanda Mwale", "mbala", 6, DemoFarmer::Draft},
    {"Mutale Bwalya", "kasanga", 4, DemoFarmer::Finalized},
    {"Grace Nakamba", "mbala", 7, DemoFarmer::Synced},
    {"Joseph Sichone", "senga", 3, DemoFarmer::Synced},
    {"Ruth Chileshe", "mpulungu", 9, DemoFarmer::Rejected},
    {"Peter Kunda", "mbala", 5, DemoFarmer::Conflict},
    {"Esther Mumba", "kasanga", 2, DemoFarmer::Synced},
    {"Daniel Phiri", "senga", 8, DemoFarmer::Finalized},
    {"Mary Tembo", "mbala", 5, DemoFarmer::Synced},
    {"Agnes Lungu", "mpulungu", 6, DemoFarmer::Draft},
};

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

Status addFarmers(LocalStore &store, QUuid &conflictRecord)
{
    qint64 version = 100;
    for (const DemoFarmer &farmer : kFarmers) {
        Record record;
        record.formId = QStringLiteral("agriculture_plot");
        record.formVersion = 1;
        record.values = {{QStringLiteral("farmer_name"), QString::fromUtf8(farmer.name)},
                         {QStringLiteral("village"), QString::fromLatin1(farmer.village)},
                         {QStringLiteral("household_size"), farmer.people},
                         {QStringLiteral("visit_date"), QStringLiteral("2026-11-24")}};
        if (farmer.status != DemoFarmer::Draft)
            record.state = RecordState::Finalized;
        auto created = store.createRecord(record);
        if (!created)
            return created.error();
        auto ops = store.pendingOperations(-1);
        if (!ops)
            return ops.error();
        for (const OutboxEntry &op : *ops) {
            if (op.operation.entityId != created->id)
                continue;
            Status done;
            switch (farmer.status) {
            case DemoFarmer::Synced:
                done = store.markApplied(op.operation.opId, ++version);
                break;
            case DemoFarmer::Conflict:
                done = store.markApplied(op.operation.opId, ++version);
                if (done)
                    done = store.setConflict(created->id, true);
                conflictRecord = created->id;
                break;
            case DemoFarmer::Rejected:
                done = store.markRejected(op.operation.opId,
                                          QStringLiteral("Household size does not match the "
                                                         "census list: please check."));
                break;
            default:
                break;
            }
            if (!done)
                return done;
        }
    }
    return {};
}

} // namespace

Status makeDemoStore(const StoreLocation &location, const QString &passphrase)
{
    auto created = LocalStore::create(location, passphrase, StoreOptions::fastForTests());
    if (!created)
        return created.error();
    LocalStore &store = **created;
    if (auto installed = installDemoForms(store); !installed)
        return installed.error();
    Credentials credentials;
    credentials.serverUrl = QUrl(QStringLiteral("https://outpost.example.org"));
    credentials.username = QStringLiteral("amina");
    credentials.deviceId = QUuid::createUuid();
    credentials.accessToken = QStringLiteral("demo-access");
    credentials.accessExpiresAt = QDateTime::currentDateTimeUtc().addDays(1);
    credentials.refreshToken = QStringLiteral("demo-refresh");
    credentials.refreshExpiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    if (auto saved = credentials.save(store); !saved)
        return saved;
    const QJsonObject me{
        {QStringLiteral("user"), QStringLiteral("amina")},
        {QStringLiteral("teams"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), 1},
                                {QStringLiteral("name"), QStringLiteral("north")},
                                {QStringLiteral("role"), QStringLiteral("supervisor")}}}}};
    if (auto saved = store.setSyncState(reviewqueue::kMeKey, json(me)); !saved)
        return saved;
    if (auto saved = AppSettings{15, false, 5}.save(store); !saved)
        return saved;
    QUuid conflictRecord;
    if (auto added = addFarmers(store, conflictRecord); !added)
        return added;
    const QJsonObject conflict{
        {QStringLiteral("id"), 17},
        {QStringLiteral("record_id"), conflictRecord.toString(QUuid::WithoutBraces)},
        {QStringLiteral("form_id"), QStringLiteral("agriculture_plot")},
        {QStringLiteral("user"), QStringLiteral("joseph")},
        {QStringLiteral("created_at"),
         QDateTime::currentDateTimeUtc().addSecs(-3 * 3600).toString(Qt::ISODateWithMs)},
        {QStringLiteral("fields"),
         QJsonObject{{QStringLiteral("household_size"), QJsonObject{{QStringLiteral("base"), 5},
                                                                    {QStringLiteral("device"), 6},
                                                                    {QStringLiteral("server"), 7}}},
                     {QStringLiteral("village"),
                      QJsonObject{{QStringLiteral("base"), QStringLiteral("mbala")},
                                  {QStringLiteral("device"), QStringLiteral("mbala")},
                                  {QStringLiteral("server"), QStringLiteral("mbala")}}},
                     {QStringLiteral("farmer_name"),
                      QJsonObject{{QStringLiteral("base"), QStringLiteral("Peter Kunda")},
                                  {QStringLiteral("device"), QStringLiteral("Peter M. Kunda")},
                                  {QStringLiteral("server"), QStringLiteral("Peter Kunda")}}}}}};
    return store.setSyncState(reviewqueue::kOpenConflictsKey,
                              json(QJsonObject{{QStringLiteral("17"), conflict}}));
}

SyncState demoSyncState()
{
    SyncState state;
    state.phase = SyncPhase::Idle;
    state.online = true;
    state.pendingOps = 3;
    state.pendingBytes = 2'400'000;
    state.lastSuccessfulSync = QDateTime::currentDateTimeUtc().addSecs(-7 * 60);
    state.deviceId = QStringLiteral("demo");
    return state;
}

QList<AttachmentTransfer> demoTransfers()
{
    using State = AttachmentTransfer::State;
    const auto make = [](const char *name, State state, qint64 done, qint64 size,
                         const char *error = "") {
        AttachmentTransfer transfer;
        transfer.attachmentId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        transfer.fileName = QString::fromUtf8(name);
        transfer.mimeType = QStringLiteral("image/jpeg");
        transfer.sizeBytes = size;
        transfer.transferredBytes = done;
        transfer.state = state;
        transfer.errorMessage = QString::fromUtf8(error);
        return transfer;
    };
    return {make("photo-20261124-101502.jpg", State::Active, 1'700'000, 2'600'000),
            make("photo-20261124-101733.jpg", State::Queued, 0, 2'400'000),
            make("borehole-pump.jpg", State::Paused, 600'000, 3'100'000),
            make("facility-report.pdf", State::Failed, 0, 850'000,
                 "The server did not answer in time; it will be tried again."),
            make("photo-20261124-113020.jpg", State::WaitingForRecord, 0, 2'200'000),
            make("photo-20261123-160411.jpg", State::Done, 1'900'000, 1'900'000)};
}

} // namespace outpost::ui::screenshotdata
