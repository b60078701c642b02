// Tells the server that this device signed out (POST /api/v1/auth/signout), so that its
// tokens stop working there too, not only on the device. Best effort and never in the way:
// the person's sign-out does not wait for it; offline the request fails (at once, or after
// the timeout) and the tokens simply expire on the server. The token is never logged.
//
// THREAD: lives in the thread that starts it (the UI thread: the engine has already
// stopped); deletes itself once it emitted finished(), or with its parent.
#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

namespace outpost {

class ApiClient;

class ServerSignOut : public QObject
{
    Q_OBJECT

public:
    // Sends the request now; the object is a child of parent.
    static ServerSignOut *start(const QUrl &serverUrl, const QString &accessToken, int timeoutMs,
                                QObject *parent);

signals:
    // ok: the server signed the device out (or had already). Otherwise status 0 = no answer
    // (offline, timeout), or the server's status and error code.
    void finished(bool ok, int status, const QString &errorCode);

private:
    ServerSignOut(int timeoutMs, QObject *parent);

    ApiClient *m_api; // owned (child)
};

} // namespace outpost
