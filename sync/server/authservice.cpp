#include "authservice.h"

#include <QDateTime>
#include <QSqlQuery>

#include "passwordhasher.h"
#include "serverlogging.h"
#include "serverstore.h"
#include "tokens.h"

namespace outpost {

namespace {

Error authError(const char *code, const QString &message)
{
    return Error::permanentError(QString::fromLatin1(code), message);
}

} // namespace

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Status AuthService::noteSeen(const QString &deviceId, const QString &lastSeenIso)
{
    // ISO 8601 UTC texts of one format compare like the times they name. At most one write
    // per device and interval: authentication stays a read on the hot path.
    const QString now = nowIso();
    const QString threshold = QDateTime::currentDateTimeUtc()
                                  .addSecs(-m_config.lastSeenIntervalSeconds)
                                  .toString(Qt::ISODateWithMs);
    if (!lastSeenIso.isEmpty() && lastSeenIso > threshold)
        return {};
    auto q = m_store->exec(QStringLiteral("UPDATE devices SET last_seen_at = ? WHERE id = ?"),
                           {now, deviceId});
    if (!q)
        return q.error();
    return {};
}

Result<TokenResponse> AuthService::issueTokens(const QUuid &deviceId)
{
    TokenResponse response;
    response.deviceId = deviceId;
    response.accessToken = Tokens::generate();
    response.refreshToken = Tokens::generate();
    const qint64 now = nowMs();
    const qint64 accessExpires = now + m_config.accessTokenTtlSeconds * 1000;
    const qint64 refreshExpires = now + m_config.refreshTokenTtlSeconds * 1000;
    response.accessExpiresAt = QDateTime::fromMSecsSinceEpoch(accessExpires, Qt::UTC);
    response.refreshExpiresAt = QDateTime::fromMSecsSinceEpoch(refreshExpires, Qt::UTC);
    const QString device = deviceId.toString(QUuid::WithoutBraces);
    const QString insert = QStringLiteral(
        "INSERT INTO tokens (token_hash, device_id, kind, expires_at) VALUES (?, ?, ?, ?)");
    if (auto q = m_store->exec(insert, {Tokens::hash(response.accessToken), device,
                                        QStringLiteral("access"), accessExpires});
        !q)
        return q.error();
    if (auto q = m_store->exec(insert, {Tokens::hash(response.refreshToken), device,
                                        QStringLiteral("refresh"), refreshExpires});
        !q)
        return q.error();
    return response;
}

Result<TokenResponse> AuthService::signIn(const SignInRequest &request)
{
    auto q = m_store->exec(QStringLiteral("SELECT id, password_hash, disabled FROM users WHERE "
                                          "username = ?"),
                           {request.username});
    if (!q)
        return q.error();
    const bool found = q->next();
    const qint64 userId = found ? q->value(0).toLongLong() : 0;
    const QString hash = found ? q->value(1).toString() : PasswordHasher::dummyHash();
    const bool disabled = found && q->value(2).toInt() != 0;
    q->finish();
    if (!PasswordHasher::verify(hash, request.password) || !found || disabled) {
        qCInfo(lcServer).noquote() << "sign-in refused for user" << request.username.left(64);
        return authError("bad_credentials", QStringLiteral("wrong user name or password"));
    }
    const QUuid deviceId = QUuid::createUuid();
    if (auto insert = m_store->exec(
            QStringLiteral("INSERT INTO devices (id, user_id, name, created_at, last_seen_at) "
                           "VALUES (?, ?, ?, ?, ?)"),
            {deviceId.toString(QUuid::WithoutBraces), userId,
             request.deviceName.isEmpty() ? QStringLiteral("device") : request.deviceName, nowIso(),
             nowIso()});
        !insert)
        return insert.error();
    qCInfo(lcServer).noquote() << "device" << deviceId.toString(QUuid::WithoutBraces)
                               << "signed in for user" << request.username;
    return issueTokens(deviceId);
}

Result<TokenResponse> AuthService::refresh(const QString &refreshToken)
{
    auto q = m_store->exec(
        QStringLiteral("SELECT t.device_id, t.expires_at, d.revoked_at, d.wipe_requested_at, "
                       "d.signed_out_at FROM tokens t JOIN devices d ON d.id = t.device_id WHERE "
                       "t.token_hash = ? AND t.kind = 'refresh'"),
        {Tokens::hash(refreshToken)});
    if (!q)
        return q.error();
    if (!q->next())
        return authError("invalid_token", QStringLiteral("unknown refresh token"));
    const QString device = q->value(0).toString();
    const qint64 expires = q->value(1).toLongLong();
    const bool revoked = !q->value(2).isNull();
    const bool wipe = !q->value(3).isNull();
    const bool signedOut = !q->value(4).isNull();
    q->finish();
    if (revoked)
        return authError("device_revoked", QStringLiteral("this device has been revoked"));
    if (signedOut)
        return authError("invalid_token", QStringLiteral("this device signed out; sign in again"));
    if (wipe)
        return Error::permanentError(QStringLiteral("wipe_required"),
                                     QStringLiteral("this device must wipe its data"));
    if (expires < nowMs())
        return authError("token_expired", QStringLiteral("the refresh token has expired; sign "
                                                         "in again"));
    if (auto s = noteSeen(device, QString()); !s)
        return s.error();
    // Single use: the refresh token and the device's older tokens go.
    if (auto del =
            m_store->exec(QStringLiteral("DELETE FROM tokens WHERE device_id = ?"), {device});
        !del)
        return del.error();
    return issueTokens(QUuid::fromString(device));
}

Result<AuthService::TokenRow> AuthService::findAccessToken(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization");
    if (!header.startsWith("Bearer ") || header.size() < 20)
        return authError("unauthenticated",
                         QStringLiteral("send \"Authorization: Bearer <access token>\""));
    const QString token = QString::fromLatin1(header.mid(7).trimmed());
    auto q = m_store->exec(
        QStringLiteral("SELECT t.expires_at, d.id, d.revoked_at, d.wipe_requested_at, u.id, "
                       "u.org_id, u.username, u.disabled, d.last_seen_at, d.signed_out_at FROM "
                       "tokens t JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = "
                       "d.user_id WHERE t.token_hash = ? AND t.kind = 'access'"),
        {Tokens::hash(token)});
    if (!q)
        return q.error();
    if (!q->next()) {
        qCInfo(lcServer).noquote()
            << "unknown bearer token from" << request.remoteAddress.toString();
        return authError("invalid_token", QStringLiteral("unknown access token"));
    }
    TokenRow row;
    row.expiresAtMs = q->value(0).toLongLong();
    row.deviceId = q->value(1).toString();
    row.revoked = !q->value(2).isNull();
    row.wipePending = !q->value(3).isNull();
    row.userId = q->value(4).toLongLong();
    row.orgId = q->value(5).toLongLong();
    row.username = q->value(6).toString();
    row.disabled = q->value(7).toInt() != 0;
    row.lastSeenIso = q->value(8).toString();
    row.signedOut = !q->value(9).isNull();
    q->finish();
    if (row.revoked)
        return authError("device_revoked", QStringLiteral("this device has been revoked"));
    return row;
}

Result<Caller> AuthService::authenticate(const HttpRequest &request, bool allowWipePending)
{
    auto row = findAccessToken(request);
    if (!row)
        return row.error();
    if (row->signedOut)
        return authError("invalid_token", QStringLiteral("this device signed out; sign in again"));
    if (row->disabled)
        return authError("invalid_token", QStringLiteral("this user is disabled"));
    if (row->wipePending && !allowWipePending)
        return Error::permanentError(QStringLiteral("wipe_required"),
                                     QStringLiteral("this device must wipe its data, then "
                                                    "POST /api/v1/device/wipe-confirm"));
    if (row->expiresAtMs < nowMs())
        return authError("token_expired",
                         QStringLiteral("the access token has expired; refresh it"));
    if (auto s = noteSeen(row->deviceId, row->lastSeenIso); !s)
        return s.error();
    Caller caller;
    caller.deviceId = QUuid::fromString(row->deviceId);
    caller.userId = row->userId;
    caller.orgId = row->orgId;
    caller.username = row->username;
    auto roles = m_store->exec(QStringLiteral("SELECT team_id, role FROM memberships WHERE "
                                              "user_id = ?"),
                               {caller.userId});
    if (!roles)
        return roles.error();
    while (roles->next())
        caller.roles.insert(roles->value(0).toLongLong(), roles->value(1).toString());
    return caller;
}

Result<QString> AuthService::signingOutDevice(const HttpRequest &request)
{
    auto row = findAccessToken(request);
    if (!row)
        return row.error();
    return row->signedOut ? QString() : row->deviceId;
}

Status AuthService::signOut(const QString &deviceId)
{
    // The tokens stay until they expire (their hashes only), so that they answer "signed
    // out" rather than "unknown", and a repeated sign-out is recognised.
    if (auto q = m_store->exec(QStringLiteral("UPDATE devices SET signed_out_at = ? WHERE id = ? "
                                              "AND signed_out_at IS NULL"),
                               {nowIso(), deviceId});
        !q)
        return q.error();
    qCInfo(lcServer).noquote() << "device" << deviceId << "signed out";
    return {};
}

Status AuthService::confirmWipe(const Caller &caller)
{
    const QString device = caller.deviceId.toString(QUuid::WithoutBraces);
    if (auto q = m_store->exec(QStringLiteral("UPDATE devices SET wiped_at = ?, revoked_at = ? "
                                              "WHERE id = ?"),
                               {nowIso(), nowIso(), device});
        !q)
        return q.error();
    // The tokens stay until they expire, as for a revoke: later requests get device_revoked.
    qCInfo(lcServer).noquote() << "device" << device << "confirmed its wipe and is revoked";
    return {};
}

} // namespace outpost
