#include "syncfixture.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace outpost;

namespace synctest {

QString password(const QString &user)
{
    return QStringLiteral("pw-%1-secret").arg(user);
}

static bool publish(TestServer &server, const QString &formId, const QString &policy,
                    const QJsonArray &extraFields = {})
{
    QJsonObject definition{
        {QStringLiteral("id"), formId},
        {QStringLiteral("version"), 1},
        {QStringLiteral("title"), QStringLiteral("Test form ") + formId},
        {QStringLiteral("policy"), policy},
        {QStringLiteral("fields"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")},
                                {QStringLiteral("label"), QStringLiteral("A")},
                                {QStringLiteral("type"), QStringLiteral("text")}},
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("b")},
                                {QStringLiteral("label"), QStringLiteral("B")},
                                {QStringLiteral("type"), QStringLiteral("integer")}}}}};
    QJsonArray fields = definition.value(QStringLiteral("fields")).toArray();
    for (const QJsonValue &field : extraFields)
        fields.append(field);
    definition.insert(QStringLiteral("fields"), fields);
    const QString path = server.dataDir() + QStringLiteral("/form-%1.json").arg(formId);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(definition).toJson());
    file.close();
    const auto result = server.admin({QStringLiteral("form"), QStringLiteral("publish"), path,
                                      QStringLiteral("--team"), QStringLiteral("north"),
                                      QStringLiteral("--visibility"), QStringLiteral("team")});
    if (result.exitCode != 0)
        qWarning("form publish failed: %s", result.err.constData());
    return result.exitCode == 0;
}

bool startSyncServer(TestServer &server)
{
    const QJsonObject overrides{
        {QStringLiteral("auth"), QJsonObject{{QStringLiteral("access_token_ttl_s"), 3600}}}};
    if (!server.start(overrides)) {
        qWarning("%s", qPrintable(server.lastError()));
        return false;
    }
    return setUpServer(server);
}

bool ServerBehindProxy::start()
{
    server = std::make_unique<TestServer>();
    if (!startSyncServer(*server))
        return false;
    proxy = std::make_unique<FaultProxy>(server->port());
    return proxy->isListening();
}

void ServerBehindProxy::stop()
{
    proxy.reset();
    server.reset();
}

QByteArray ServerBehindProxy::attachmentFile(const QUuid &id) const
{
    QFile file(server->dataDir() + QStringLiteral("/attachments/") +
               id.toString(QUuid::WithoutBraces));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray randomFile(qint64 size, quint32 seed)
{
    QByteArray bytes(static_cast<qsizetype>(size), Qt::Uninitialized);
    QRandomGenerator generator(seed);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes;
}

QList<qint64> patchOffsets(const FaultProxy &proxy)
{
    QList<qint64> offsets;
    for (const QByteArray &head : proxy.requestHeads()) {
        if (!head.startsWith("PATCH "))
            continue;
        const qsizetype at = head.toLower().indexOf("upload-offset: ");
        offsets.append(at < 0 ? -1
                              : head.mid(at + 15, head.indexOf('\r', at) - at - 15).toLongLong());
    }
    return offsets;
}

bool setUpServer(TestServer &server)
{
    if (server.admin({QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("north")})
            .exitCode != 0)
        return false;
    for (const auto &[user, role] :
         {std::pair{QStringLiteral("alice"), QStringLiteral("collector")},
          std::pair{QStringLiteral("bob"), QStringLiteral("collector")},
          std::pair{QStringLiteral("sue"), QStringLiteral("supervisor")}}) {
        const auto r = server.admin({QStringLiteral("user"), QStringLiteral("add"), user,
                                     QStringLiteral("--team"), QStringLiteral("north"),
                                     QStringLiteral("--role"), role},
                                    password(user).toUtf8() + "\n");
        if (r.exitCode != 0)
            return false;
    }
    return publish(server, QStringLiteral("lww"), QStringLiteral("last-write-wins")) &&
           publish(server, QStringLiteral("manual"), QStringLiteral("manual"));
}

bool publishFilesForm(TestServer &server)
{
    return publish(server, QStringLiteral("files"), QStringLiteral("last-write-wins"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("f")},
                                          {QStringLiteral("label"), QStringLiteral("F")},
                                          {QStringLiteral("type"), QStringLiteral("file")}}});
}

SyncConfig fastConfig()
{
    SyncConfig config;
    config.backoffBaseMs = 50;
    config.backoffMaxMs = 400;
    config.maxRetryAfterMs = 1000;
    config.requestTimeoutMs = 5000;
    config.periodicMs = 0;
    config.syncOnStart = false;
    config.autoRetry = true;
    config.debounceMs = 100;
    return config;
}

TestDevice::TestDevice(const SyncConfig &config)
{
    auto store =
        LocalStore::create(StoreLocation::inDirectory(m_dir.path()),
                           QStringLiteral("device passphrase"), StoreOptions::fastForTests());
    if (!store)
        qFatal("cannot create a store: %s", qPrintable(store.error().message));
    m_store = std::move(*store);
    auto connection = m_store->openConnection();
    if (!connection)
        qFatal("cannot open a connection: %s", qPrintable(connection.error().message));
    m_sync = std::make_unique<SyncController>(std::move(*connection), config);
    m_sync->start();
    m_config = config;
}

void TestDevice::restartEngine()
{
    m_sync->stop();
    m_sync.reset();
    auto connection = m_store->openConnection();
    if (!connection)
        qFatal("cannot open a connection: %s", qPrintable(connection.error().message));
    m_sync = std::make_unique<SyncController>(std::move(*connection), m_config);
    m_sync->start();
}

QUuid TestDevice::attach(const QUuid &recordId, const QString &field, const QByteArray &bytes,
                         const QString &fileName)
{
    QBuffer source;
    source.setData(bytes);
    source.open(QIODevice::ReadOnly);
    auto ref = m_store->importAttachment(source, fileName,
                                         QStringLiteral("application/octet-stream"), recordId);
    if (!ref || !update(recordId, {{field, ref->toJson()}}))
        return {};
    return ref->id;
}

const AttachmentTransfer *TestDevice::transfer(const QUuid &attachmentId) const
{
    static thread_local QList<AttachmentTransfer> last;
    last = m_sync->transfers();
    for (const AttachmentTransfer &t : last) {
        if (t.attachmentId == attachmentId.toString(QUuid::WithoutBraces))
            return &t;
    }
    return nullptr;
}

bool TestDevice::waitForTransfer(const QUuid &attachmentId, AttachmentTransfer::State state,
                                 int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (const AttachmentTransfer *t = transfer(attachmentId); t && t->state == state)
            return true;
        QSignalSpy spy(m_sync.get(), &SyncController::transfersChanged);
        spy.wait(200);
    }
    const AttachmentTransfer *t = transfer(attachmentId);
    qWarning("transfer %s is %s (%s), not %s", qPrintable(attachmentId.toString()),
             t ? qPrintable(transferStateName(t->state)) : "missing",
             t ? qPrintable(t->errorMessage) : "", qPrintable(transferStateName(state)));
    return false;
}

TestDevice::~TestDevice()
{
    m_sync->stop();
}

bool TestDevice::enroll(quint16 port, const QString &user)
{
    QSignalSpy spy(m_sync.get(), &SyncController::enrollFinished);
    m_sync->enroll(QStringLiteral("http://127.0.0.1:%1").arg(port), user, password(user),
                   QStringLiteral("test device"));
    if (!spy.wait(30000))
        return false;
    if (!spy.first().first().toString().isEmpty())
        qWarning("enroll failed: %s", qPrintable(spy.first().at(1).toString()));
    return spy.first().first().toString().isEmpty();
}

bool TestDevice::syncOnce(int timeoutMs)
{
    QSignalSpy spy(m_sync.get(), &SyncController::cycleFinished);
    m_sync->syncNow();
    if (!spy.wait(timeoutMs))
        return false;
    return spy.first().first().toBool();
}

bool TestDevice::syncUntilIdle(int timeoutMs)
{
    QSignalSpy spy(m_sync.get(), &SyncController::cycleFinished);
    QElapsedTimer timer;
    timer.start();
    m_sync->syncNow();
    int seen = 0;
    while (timer.elapsed() < timeoutMs) {
        if (spy.size() <= seen && !spy.wait(static_cast<int>(timeoutMs - timer.elapsed())))
            return false;
        for (; seen < spy.size(); ++seen) {
            if (spy.at(seen).first().toBool()) {
                QTest::qWait(20); // let the last stateChanged arrive
                if (m_sync->state().pendingOps - m_sync->state().rejectedOps <= 0)
                    return true;
                m_sync->syncNow();
            } else if (m_sync->state().lastErrorPermanent) {
                qWarning("sync failed permanently: %s", qPrintable(m_sync->state().lastErrorCode));
                return false;
            }
        }
    }
    return false;
}

QUuid TestDevice::create(const QString &formId, const QJsonObject &values)
{
    Record record;
    record.formId = formId;
    record.formVersion = 1;
    record.values = values;
    auto created = m_store->createRecord(record);
    return created ? created->id : QUuid();
}

bool TestDevice::update(const QUuid &id, const QJsonObject &values)
{
    auto record = m_store->record(id);
    if (!record)
        return false;
    for (auto it = values.begin(); it != values.end(); ++it)
        record->values.insert(it.key(), it.value());
    return m_store->updateRecord(*record).ok();
}

QJsonObject TestDevice::values(const QUuid &id)
{
    auto record = m_store->record(id);
    return record ? record->values : QJsonObject{{QStringLiteral("$missing"), true}};
}

int TestDevice::recordCount()
{
    return m_store->countRecords({}).valueOr(-1);
}

} // namespace synctest
