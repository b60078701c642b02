#include "attachmentcheck.h"

#include <QCryptographicHash>

#include "httpclient.h"
#include "serverstate.h"

namespace chaos {

AttachmentVerdict checkAttachments(const ServerState &server, quint16 port,
                                   const QHash<QString, QByteArray> &made, const QString &field)
{
    AttachmentVerdict verdict;
    HttpClient client(port);
    client.setToken(server.supervisorToken());
    for (const ServerRecord &record : server.records()) {
        const QJsonObject ref = record.values.value(field).toObject();
        if (record.deleted || ref.isEmpty())
            continue;
        ++verdict.declared;
        const QString id = ref.value(QStringLiteral("id")).toString();
        const QByteArray declared = ref.value(QStringLiteral("sha256")).toString().toLatin1();
        if (!made.contains(id) || made.value(id) != declared) {
            verdict.problems << QStringLiteral("attachment %1 of record %2 declares sha256 %3, "
                                               "the device made %4")
                                    .arg(id, record.id, QString::fromLatin1(declared),
                                         QString::fromLatin1(made.value(id)));
            continue;
        }
        const HttpResult file = client.get(QStringLiteral("/api/v1/attachments/") + id);
        const QByteArray sha256 =
            QCryptographicHash::hash(file.body, QCryptographicHash::Sha256).toHex();
        if (file.status != 200 || sha256 != declared) {
            verdict.problems << QStringLiteral("attachment %1 of record %2: HTTP %3, sha256 %4 "
                                               "instead of %5")
                                    .arg(id, record.id)
                                    .arg(file.status)
                                    .arg(QString::fromLatin1(sha256),
                                         QString::fromLatin1(declared));
            continue;
        }
        ++verdict.verified;
    }
    return verdict;
}

} // namespace chaos
