// Device sign-in, token refresh, request authentication and the wipe handshake.
// Thread-safe: every call uses the calling thread's store connection.
#pragma once

#include "caller.h"
#include "httprequest.h"
#include "result.h"
#include "serverconfig.h"
#include "signinrequest.h"
#include "tokenresponse.h"

namespace outpost {

class ServerStore;

class AuthService
{
public:
    AuthService(ServerStore *store, AuthConfig config) : m_store(store), m_config(config) {}

    Result<TokenResponse> signIn(const SignInRequest &request);
    Result<TokenResponse> refresh(const QString &refreshToken);
    // Reads "Authorization: Bearer <token>". Errors: unauthenticated, invalid_token,
    // token_expired, device_revoked (401), wipe_required (410, unless allowWipePending).
    Result<Caller> authenticate(const HttpRequest &request, bool allowWipePending = false);
    // The device confirms it destroyed its data: it is revoked (its tokens then answer
    // device_revoked until they expire).
    Status confirmWipe(const Caller &caller);
    // Sign-out (POST /api/v1/auth/signout), in two steps so that the request is checked in
    // between: signingOutDevice() says who is asking, by the device's access token, even
    // expired or with a wipe pending (signing out only takes rights away): the device id, or
    // an empty one when that device already signed out (a repeat gets the same answer).
    // Errors: unauthenticated, invalid_token, device_revoked (401). signOut() then makes the
    // device's access and refresh tokens stop working (401 invalid_token everywhere, refresh
    // included).
    Result<QString> signingOutDevice(const HttpRequest &request);
    Status signOut(const QString &deviceId);

private:
    // The device and user behind "Authorization: Bearer <access token>".
    struct TokenRow
    {
        qint64 expiresAtMs = 0;
        QString deviceId;
        bool revoked = false;
        bool wipePending = false;
        bool signedOut = false;
        qint64 userId = 0;
        qint64 orgId = 0;
        QString username;
        bool disabled = false;
        QString lastSeenIso;
    };
    Result<TokenRow> findAccessToken(const HttpRequest &request);

    Result<TokenResponse> issueTokens(const QUuid &deviceId);
    // Records that the device was seen now, unless lastSeenIso is recent enough
    // (auth.last_seen_interval_s).
    Status noteSeen(const QString &deviceId, const QString &lastSeenIso);

    ServerStore *m_store; // not owned
    AuthConfig m_config;
};

QString nowIso();
qint64 nowMs();

} // namespace outpost
