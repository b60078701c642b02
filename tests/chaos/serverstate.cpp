#include "serverstate.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "httpclient.h"
#include "syncclient.h"
#include "testserver.h"

namespace chaos {

bool ServerState::load(TestServer &admin, quint16 port, const QString &supervisor, QString *error)
{
    return pullAll(port, supervisor, error) && readAudit(admin, error) &&
           readConflicts(admin, error);
}

int ServerState::conflictCount(const QString &status) const
{
    return static_cast<int>(
        std::count_if(m_conflicts.begin(), m_conflicts.end(),
                      [&](const ConflictEntry &c) { return c.status == status; }));
}

bool ServerState::pullAll(quint16 port, const QString &supervisor, QString *error)
{
    const testsupport::Device device = testsupport::signIn(port, supervisor);
    if (device.token.isEmpty()) {
        *error = QStringLiteral("the supervisor cannot sign in");
        return false;
    }
    m_token = device.token;
    HttpClient client(port);
    client.setToken(device.token);
    QString cursor;
    for (int page = 0; page < 10000; ++page) {
        const HttpResult result =
            client.get(QStringLiteral("/api/v1/pull?limit=5000&cursor=") + cursor);
        if (result.status != 200) {
            *error = QStringLiteral("supervisor pull: HTTP %1 %2")
                         .arg(result.status)
                         .arg(QString::fromUtf8(result.body.left(300)));
            return false;
        }
        const QJsonObject json = result.json();
        for (const QJsonValue &value : json.value(QStringLiteral("records")).toArray()) {
            const QJsonObject r = value.toObject();
            ServerRecord record;
            record.id = r.value(QStringLiteral("id")).toString();
            record.formId = r.value(QStringLiteral("form_id")).toString();
            record.owner = r.value(QStringLiteral("owner")).toString();
            record.values = r.value(QStringLiteral("values")).toObject();
            record.version = static_cast<qint64>(r.value(QStringLiteral("version")).toDouble());
            record.deleted = r.value(QStringLiteral("deleted")).toBool();
            record.inConflict = r.value(QStringLiteral("in_conflict")).toBool();
            m_records.insert(record.id, record);
        }
        cursor = json.value(QStringLiteral("cursor")).toString();
        if (!json.value(QStringLiteral("has_more")).toBool())
            return true;
    }
    *error = QStringLiteral("supervisor pull never ended");
    return false;
}

bool ServerState::readAudit(TestServer &admin, QString *error)
{
    qint64 after = 0;
    for (;;) {
        const auto result =
            admin.admin({QStringLiteral("audit"), QStringLiteral("--after"), QString::number(after),
                         QStringLiteral("--limit"), QStringLiteral("5000")});
        if (result.exitCode != 0) {
            *error = QStringLiteral("audit: ") + QString::fromUtf8(result.err);
            return false;
        }
        int read = 0;
        for (const QByteArray &line : result.out.split('\n')) {
            const QJsonObject e = QJsonDocument::fromJson(line).object();
            if (e.isEmpty())
                continue;
            ++read;
            after = static_cast<qint64>(e.value(QStringLiteral("id")).toDouble());
            m_audit.append({e.value(QStringLiteral("record_id")).toString(),
                            e.value(QStringLiteral("op_id")).toString(),
                            e.value(QStringLiteral("action")).toString(),
                            e.value(QStringLiteral("changes")).toObject()});
        }
        if (read < 5000)
            return true;
    }
}

bool ServerState::readConflicts(TestServer &admin, QString *error)
{
    // id, record id, form id, kind, status, user, fields (JSON), tab-separated
    const auto result = admin.admin({QStringLiteral("conflicts"), QStringLiteral("list")});
    if (result.exitCode != 0) {
        *error = QStringLiteral("conflicts list: ") + QString::fromUtf8(result.err);
        return false;
    }
    for (const QByteArray &line : result.out.split('\n')) {
        const QList<QByteArray> columns = line.split('\t');
        if (columns.size() < 7)
            continue;
        m_conflicts.append({QString::fromUtf8(columns[1]), QString::fromUtf8(columns[3]),
                            QString::fromUtf8(columns[4]),
                            QJsonDocument::fromJson(columns[6]).object()});
    }
    return true;
}

} // namespace chaos
