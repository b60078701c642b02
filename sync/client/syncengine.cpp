#include "syncengine.h"

#include <QJsonDocument>

#include "apiclient.h"
#include "attachmentdownloader.h"
#include "localstore.h"
#include "puller.h"
#include "pullresponse.h"
#include "signinrequest.h"
#include "synclogging.h"
#include "tokenresponse.h"
#include "uploadqueue.h"

namespace outpost {

namespace {

const QString kLastSyncKey = QStringLiteral("last_sync_at");
const QString kPullTag = QStringLiteral("pull");
constexpr qint64 kRefreshMarginMs = 30000;
constexpr int kIdleCheckpointMs = 1000; // after a local change (checkpointAfterSaves)

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

bool isAuthFailure(const QString &code)
{
    return code == QStringLiteral("invalid_token") || code == QStringLiteral("token_expired") ||
           code == QStringLiteral("unauthenticated") || code == QStringLiteral("bad_credentials");
}

} // namespace

SyncEngine::SyncEngine(std::unique_ptr<LocalStore> store, const SyncConfig &config)
    : m_store(store.release()), m_config(config),
      m_backoff(config.backoffBaseMs, config.backoffMaxMs, config.maxRetryAfterMs)
{
    qRegisterMetaType<outpost::SyncState>();
    if (m_store)
        m_store->setParent(this); // moves with the engine to its thread
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::start()
{
    if (m_api)
        return;
    m_api = new ApiClient(m_config.requestTimeoutMs, this);
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &SyncEngine::runCycle);
    m_debounceTimer = new QTimer(this);
    m_debounceTimer->setSingleShot(true);
    m_debounceTimer->setInterval(m_config.debounceMs);
    connect(m_debounceTimer, &QTimer::timeout, this, &SyncEngine::runCycle);
    m_periodicTimer = new QTimer(this);
    connect(m_periodicTimer, &QTimer::timeout, this, &SyncEngine::runCycle);
    if (m_config.periodicMs > 0)
        m_periodicTimer->start(m_config.periodicMs);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(0);
    connect(m_searchTimer, &QTimer::timeout, this, &SyncEngine::indexSearchStep);
    m_checkpointTimer = new QTimer(this);
    m_checkpointTimer->setSingleShot(true);
    m_checkpointTimer->setInterval(kIdleCheckpointMs);
    connect(m_checkpointTimer, &QTimer::timeout, this, &SyncEngine::checkpointAfterSaves);
    startTransfers();
    if (!m_store)
        return;
    indexSearchSoon(); // a pass that a crash or a quit interrupted
    if (auto loaded = Credentials::load(*m_store)) {
        m_credentials = *loaded;
    } else {
        m_state.lastErrorCode = loaded.error().code;
        m_state.lastErrorMessage = loaded.error().message;
    }
    m_api->setBaseUrl(m_credentials.serverUrl);
    if (auto last = m_store->syncState(kLastSyncKey); last && !last->isEmpty())
        m_state.lastSuccessfulSync = QDateTime::fromString(*last, Qt::ISODateWithMs);
    m_state.deviceId = m_credentials.deviceId.isNull()
                           ? QString()
                           : m_credentials.deviceId.toString(QUuid::WithoutBraces);
    if (m_credentials.isEnrolled())
        m_state.phase = SyncPhase::Idle;
    else if (!m_credentials.deviceId.isNull())
        m_state.phase = SyncPhase::SignInRequired;
    publish();
    emit stateChanged(m_state);
    publishTransfers();
    if (m_credentials.isEnrolled()) { // a transfer cut by the last run goes on where it stopped
        m_uploads->kick();
        m_downloads->kick();
    }
    if (m_credentials.isEnrolled() && m_config.syncOnStart)
        QTimer::singleShot(0, this, &SyncEngine::runCycle);
}

void SyncEngine::setConfig(const SyncConfig &config)
{
    const bool periodicChanged = config.periodicMs != m_config.periodicMs;
    m_config = config;
    if (m_debounceTimer)
        m_debounceTimer->setInterval(config.debounceMs);
    if (m_periodicTimer && periodicChanged) {
        m_periodicTimer->stop();
        if (config.periodicMs > 0)
            m_periodicTimer->start(config.periodicMs);
    }
    if (m_uploads) // the metered policy may have changed: held uploads go (or stop) now
        m_uploads->setMayUpload(networkpolicy::mayUploadAttachments(m_network, m_config));
}

void SyncEngine::shutdown()
{
    delete m_store;
    m_store = nullptr;
    abortRequests();
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_debounceTimer)
        m_debounceTimer->stop();
    if (m_periodicTimer)
        m_periodicTimer->stop();
    if (m_searchTimer)
        m_searchTimer->stop();
    if (m_checkpointTimer)
        m_checkpointTimer->stop();
    m_cycleRunning = false;
}

void SyncEngine::setPhase(SyncPhase phase)
{
    m_state.phase = phase;
    if (phase != SyncPhase::Pushing && phase != SyncPhase::Pulling) {
        m_state.progressDone = 0;
        m_state.progressTotal = -1;
    }
    publish();
}

void SyncEngine::publish()
{
    SyncState next = m_state;
    if (m_store) {
        if (auto pending = m_store->pendingOperationCount())
            next.pendingOps = *pending;
        if (auto rejected = m_store->rejectedOperations())
            next.rejectedOps = static_cast<int>(rejected->size());
        if (auto uploads = m_store->attachmentsToUpload()) {
            qint64 bytes = 0;
            for (const AttachmentInfo &info : *uploads)
                bytes += std::max<qint64>(0, info.ref.sizeBytes - info.uploadedBytes);
            next.pendingBytes = bytes;
        }
    }
    m_state = next;
    emit stateChanged(m_state);
    if (m_store)
        scheduleTransfersPublish();
}

// ---- Enrollment ---------------------------------------------------------------------------

void SyncEngine::enroll(const QString &serverUrl, const QString &username, const QString &password,
                        const QString &deviceName)
{
    if (!m_api)
        start();
    if (!m_store) {
        emit enrollFinished(QStringLiteral("store_locked"), QStringLiteral("the store is closed"));
        return;
    }
    const QUrl url(serverUrl);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https"))) {
        emit enrollFinished(QStringLiteral("invalid_server_url"),
                            QStringLiteral("the server address must be http(s)://host[:port]"));
        return;
    }
    abortRequests();
    m_cycleRunning = false;
    m_retryTimer->stop();
    const SyncPhase before = m_state.phase;
    setPhase(SyncPhase::Enrolling);
    m_api->setBaseUrl(url);
    const SignInRequest request{username, password, deviceName};
    m_api->send("POST", QStringLiteral("/api/v1/auth/signin"), compact(request.toJson()), {},
                [this, url, username, before](const HttpReply &reply) {
                    m_state.online = reply.status != 0;
                    auto fail = [this, before](const Error &error) {
                        m_api->setBaseUrl(m_credentials.serverUrl);
                        setPhase(before == SyncPhase::Enrolling ? SyncPhase::NotEnrolled : before);
                        emit enrollFinished(error.code, error.message);
                    };
                    if (!reply.isSuccess())
                        return fail(reply.error());
                    auto json = reply.json();
                    if (!json)
                        return fail(json.error());
                    auto tokens = TokenResponse::fromJson(*json);
                    if (!tokens || tokens->deviceId.isNull() || tokens->accessToken.isEmpty() ||
                        tokens->refreshToken.isEmpty())
                        return fail(Error::transientError(
                            QStringLiteral("invalid_response"),
                            QStringLiteral("the sign-in answer is not a token pair")));
                    Credentials next;
                    next.serverUrl = url;
                    next.username = username;
                    next.takeTokens(*tokens);
                    if (Status s = next.save(*m_store); !s)
                        return fail(s.error());
                    m_credentials = next;
                    m_state.deviceId = next.deviceId.toString(QUuid::WithoutBraces);
                    m_state.lastErrorCode.clear();
                    m_state.lastErrorMessage.clear();
                    qCInfo(lcSync).noquote() << "enrolled as device" << m_state.deviceId;
                    setPhase(SyncPhase::Idle);
                    emit enrollFinished({}, {});
                });
}

// ---- Authenticated requests --------------------------------------------------------------

void SyncEngine::sendAuthed(const QByteArray &method, const QString &path, const QByteArray &body,
                            ReplyHandler done, bool mayRefresh)
{
    sendAuthed(ApiRequest::json(method, path, body), std::move(done), mayRefresh);
}

void SyncEngine::sendAuthed(const ApiRequest &request, ReplyHandler done, bool mayRefresh)
{
    if (!m_api)
        return;
    if (mayRefresh && !m_credentials.accessTokenFresh(kRefreshMarginMs)) {
        refresh([=, this](const HttpReply *failure) {
            if (failure)
                return done(*failure);
            sendAuthed(request, done, false);
        });
        return;
    }
    m_api->send(request, m_credentials.accessToken, [=, this](const HttpReply &reply) {
        m_state.online = reply.status != 0;
        if (mayRefresh && reply.status == 401 &&
            (reply.error().code == QStringLiteral("token_expired") ||
             reply.error().code == QStringLiteral("invalid_token"))) {
            refresh([=, this](const HttpReply *failure) {
                if (failure)
                    return done(*failure);
                sendAuthed(request, done, false);
            });
            return;
        }
        done(reply);
    });
}

void SyncEngine::refresh(std::function<void(const HttpReply *failure)> then)
{
    // The refresh token is single-use: the cycle and the upload queue share one refresh.
    m_refreshWaiters.append(std::move(then));
    if (m_refreshWaiters.size() > 1)
        return;
    auto finish = [this](const HttpReply *failure) {
        const auto waiters = std::exchange(m_refreshWaiters, {});
        for (const auto &waiter : waiters)
            waiter(failure);
    };
    const QJsonObject body{{QStringLiteral("refresh_token"), m_credentials.refreshToken}};
    m_api->send(
        "POST", QStringLiteral("/api/v1/auth/refresh"), compact(body), {},
        [this, finish](const HttpReply &reply) {
            m_state.online = reply.status != 0;
            if (!reply.isSuccess())
                return finish(&reply);
            auto json = reply.json();
            auto tokens =
                json ? TokenResponse::fromJson(*json) : Result<TokenResponse>(json.error());
            if (!tokens || tokens->accessToken.isEmpty() || tokens->refreshToken.isEmpty()) {
                HttpReply bad = reply;
                bad.status = 502; // a transient failure: try again later
                bad.body = R"({"code":"invalid_response","message":"the refresh answer )"
                           R"(is not a token pair"})";
                return finish(&bad);
            }
            const QUuid deviceId = m_credentials.deviceId;
            m_credentials.takeTokens(*tokens);
            if (m_credentials.deviceId.isNull())
                m_credentials.deviceId = deviceId;
            if (Status s = m_credentials.save(*m_store); !s) {
                HttpReply bad = reply;
                bad.status = 503;
                bad.body = compact(QJsonObject{{QStringLiteral("code"), s.error().code},
                                               {QStringLiteral("message"), s.error().message}});
                return finish(&bad);
            }
            qCInfo(lcSync) << "access token refreshed";
            finish(nullptr);
        });
}

// ---- The cycle ----------------------------------------------------------------------------

void SyncEngine::syncNow()
{
    if (!m_api)
        start();
    runCycle();
}

void SyncEngine::localChanged()
{
    if (!m_debounceTimer)
        return;
    m_uploads->kick();
    publish();
    m_debounceTimer->start(); // restarts: waits for a pause of debounceMs
    if (!m_checkpointTimer->isActive())
        m_checkpointTimer->start();
}

void SyncEngine::checkpointAfterSaves()
{
    if (!m_store || m_checkpointsDeferred)
        return; // a push checkpoints when it ends
    if (Status s = m_store->syncToDisk(); !s)
        qCInfo(lcSync).noquote() << "checkpoint after local saves:" << s.error().message;
}

void SyncEngine::runCycle()
{
    if (!m_store || !m_api)
        return;
    if (m_cycleRunning) {
        m_cycleAgain = true;
        return;
    }
    switch (m_state.phase) {
    case SyncPhase::NotEnrolled:
    case SyncPhase::SignInRequired:
    case SyncPhase::Revoked:
    case SyncPhase::Wiped:
    case SyncPhase::Enrolling:
        if (m_state.lastErrorCode.isEmpty()) {
            m_state.lastErrorCode = m_state.phase == SyncPhase::NotEnrolled
                                        ? QStringLiteral("not_enrolled")
                                        : QStringLiteral("sync_stopped");
            m_state.lastErrorMessage =
                QStringLiteral("cannot sync: %1").arg(syncPhaseName(m_state.phase));
            m_state.lastErrorPermanent = true;
            publish();
        }
        emit cycleFinished(false);
        return;
    default:
        break;
    }
    m_retryTimer->stop();
    m_debounceTimer->stop();
    m_cycleRunning = true;
    m_cycleAgain = false;
    m_batchOps = std::max(1, m_config.pushBatchOps);
    setPhase(SyncPhase::Pushing);
    m_state.progressDone = 0;
    m_state.progressTotal = m_state.pendingOps;
    checkHealth();
}

void SyncEngine::checkHealth()
{
    m_api->send("GET", QStringLiteral("/healthz"), {}, {}, [this](const HttpReply &reply) {
        m_state.online = reply.status != 0;
        if (!m_cycleRunning)
            return;
        if (reply.isSuccess())
            return startPush();
        Error error = reply.error();
        if (error.isPermanent()) // e.g. 404: not an answer a health check can act on for good
            error = Error::transientError(
                QStringLiteral("server_unavailable"),
                QStringLiteral("the server's health check answered HTTP %1").arg(reply.status));
        failCycle(error, reply.retryAfterMs);
    });
}

void SyncEngine::networkChanged(const outpost::NetworkStatus &status)
{
    const NetworkStatus before = std::exchange(m_network, status);
    if (m_uploads)
        m_uploads->setMayUpload(networkpolicy::mayUploadAttachments(status, m_config));
    if (!networkpolicy::connectivityReturned(before, status))
        return;
    qCInfo(lcSync) << "the network is back: syncing";
    m_backoff.reset();
    if (m_credentials.isEnrolled() && !m_cycleRunning)
        runCycle();
}

void SyncEngine::pullNext()
{
    QString path = QStringLiteral("/api/v1/pull?limit=%1").arg(m_config.pullPageSize);
    if (!m_lastCursor.isEmpty())
        path +=
            QStringLiteral("&cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(m_lastCursor));
    ApiRequest request = ApiRequest::json("GET", path);
    request.tag = kPullTag;
    sendAuthed(request, [this](const HttpReply &reply) { onPullReply(reply); });
}

void SyncEngine::onPullReply(const HttpReply &reply)
{
    if (!reply.isSuccess())
        return failCycle(reply.error(), reply.retryAfterMs);
    auto json = reply.json();
    auto page = json ? PullResponse::fromJson(*json) : Result<PullResponse>(json.error());
    if (!page)
        return failCycle(Error::transientError(QStringLiteral("invalid_response"),
                                               QStringLiteral("the pull page is malformed: ") +
                                                   page.error().message.left(200)));
    const bool empty = page->records.empty() && page->forms.empty() && page->conflicts.empty();
    if (page->hasMore && empty && page->cursor == m_lastCursor)
        return failCycle(Error::transientError(QStringLiteral("invalid_response"),
                                               QStringLiteral("the pull does not advance")));
    // Read ahead: the server prepares the next page while this one is written (they run on
    // different cores). The cursor in the store still moves only with the page it covers.
    m_lastCursor = page->cursor;
    if (page->hasMore)
        pullNext();
    if (Status s = Puller(m_store).applyPage(*page); !s) {
        m_api->abort(kPullTag); // drops the page read ahead; the next cycle restarts here
        return failCycle(s.error());
    }
    m_state.progressDone += static_cast<int>(page->records.size());
    if (page->hasMore)
        return publish();
    finishCycle();
}

void SyncEngine::finishCycle()
{
    m_cycleRunning = false;
    m_backoff.reset();
    m_state.lastSuccessfulSync = QDateTime::currentDateTimeUtc();
    (void)m_store->setSyncState(kLastSyncKey,
                                m_state.lastSuccessfulSync.toString(Qt::ISODateWithMs));
    m_state.lastErrorCode.clear();
    m_state.lastErrorMessage.clear();
    m_state.lastErrorPermanent = false;
    m_state.retryInMs = 0;
    setPhase(SyncPhase::Idle);
    m_uploads->kick();  // the records just accepted may let attachments go
    publishTransfers(); // before cycleFinished: a caller waiting for uploads sees them queued
    emit cycleFinished(true);
    indexSearchSoon();
    if (m_cycleAgain)
        QTimer::singleShot(0, this, &SyncEngine::runCycle);
}

void SyncEngine::failCycle(const Error &error, qint64 retryAfterMs)
{
    m_cycleRunning = false;
    endPush(); // batches still in flight are dropped: their ops stay pending and are resent
    m_state.lastErrorCode = error.code;
    m_state.lastErrorMessage = error.message;
    m_state.lastErrorPermanent = error.isPermanent();
    m_state.retryInMs = 0;
    qCInfo(lcSync).noquote() << "sync failed:" << error.code << "-" << error.message;
    if (error.code == QStringLiteral("wipe_required")) {
        wipe();
        emit cycleFinished(false);
        return;
    }
    if (error.code == QStringLiteral("device_revoked")) {
        setPhase(SyncPhase::Revoked);
    } else if (isAuthFailure(error.code)) {
        (void)Credentials::clearTokens(*m_store);
        m_credentials.accessToken.clear();
        m_credentials.refreshToken.clear();
        setPhase(SyncPhase::SignInRequired);
    } else if (!error.isPermanent() && m_config.autoRetry) {
        m_state.retryInMs = m_backoff.nextDelayMs(retryAfterMs);
        setPhase(SyncPhase::WaitingToRetry);
        m_retryTimer->start(static_cast<int>(std::min<qint64>(m_state.retryInMs, INT_MAX)));
    } else {
        if (!error.isPermanent())
            m_state.retryInMs = m_backoff.nextDelayMs(retryAfterMs);
        setPhase(SyncPhase::Idle);
    }
    emit cycleFinished(false);
    if (m_store)
        indexSearchSoon(); // pages applied before the failure
    if (m_cycleAgain && m_state.phase == SyncPhase::Idle && error.isPermanent())
        m_cycleAgain = false;
}

// ---- Wipe -----------------------------------------------------------------------------------

void SyncEngine::wipe()
{
    qCWarning(lcSync) << "the server ordered a wipe: destroying the local store";
    const StoreLocation location = m_store->location();
    const QString token = m_credentials.accessToken;
    delete m_store; // closes the connection and wipes the keys from memory
    m_store = nullptr;
    abortRequests(); // the upload queue lets go of its files and forgets its state
    if (auto destroyed = LocalStore::destroy(location); !destroyed)
        qCWarning(lcSync).noquote() << "wipe:" << destroyed.error().message;
    m_credentials = Credentials{};
    m_state = SyncState{};
    m_state.phase = SyncPhase::Wiped;
    emit stateChanged(m_state);
    publishTransfers(); // an empty list
    m_api->send("POST", QStringLiteral("/api/v1/device/wipe-confirm"), "{}", token,
                [this](const HttpReply &reply) {
                    if (!reply.isSuccess())
                        qCWarning(lcSync).noquote()
                            << "wipe confirmation failed:" << reply.error().code;
                    emit wiped();
                });
}

} // namespace outpost
