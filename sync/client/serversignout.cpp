#include "serversignout.h"

#include "apiclient.h"
#include "synclogging.h"

namespace outpost {

ServerSignOut::ServerSignOut(int timeoutMs, QObject *parent)
    : QObject(parent), m_api(new ApiClient(timeoutMs, this))
{}

ServerSignOut *ServerSignOut::start(const QUrl &serverUrl, const QString &accessToken,
                                    int timeoutMs, QObject *parent)
{
    auto *signOut = new ServerSignOut(timeoutMs, parent);
    signOut->m_api->setBaseUrl(serverUrl);
    signOut->m_api->send(
        "POST", QStringLiteral("/api/v1/auth/signout"), {}, accessToken,
        [signOut](const HttpReply &reply) {
            const QString code = reply.isSuccess() ? QString() : reply.error().code;
            if (reply.isSuccess())
                qCInfo(lcSync) << "signed out at the server";
            else
                qCInfo(lcSync).noquote()
                    << "could not sign out at the server (its tokens expire there):"
                    << (reply.status == 0 ? QStringLiteral("no answer") : code);
            emit signOut->finished(reply.isSuccess(), reply.status, code);
            signOut->deleteLater();
        });
    return signOut;
}

} // namespace outpost
