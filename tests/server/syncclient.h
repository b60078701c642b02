// Test helpers on top of TestServer and HttpClient: set up teams, users and forms through the
// admin commands, sign devices in, and build operations.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

#include "httpclient.h"
#include "operation.h"
#include "testserver.h"

namespace testsupport {

bool addTeam(TestServer &server, const QString &team);
bool addUser(TestServer &server, const QString &user, const QString &team, const QString &role);
// Publishes a form with fields a (text), b (integer) and c (text, required).
bool publishForm(TestServer &server, const QString &formId, const QString &policy,
                 const QString &team, const QString &visibility = QStringLiteral("own"),
                 int version = 1);
// The same form, published to several teams at once.
bool publishFormToTeams(TestServer &server, const QString &formId, const QString &policy,
                        const QStringList &teams, const QString &visibility, int version = 1);
QString password(const QString &user); // the password addUser gave the user

struct Device
{
    QString token;
    QString refreshToken;
    QString deviceId;
};
Device signIn(quint16 port, const QString &user);

outpost::Operation makeOp(outpost::OperationKind kind, const QUuid &recordId, qint64 base,
                          const QJsonObject &fields,
                          const QString &formId = QStringLiteral("household"));
QJsonObject batch(const QList<outpost::Operation> &ops);
// Posts a batch; returns the per-op results (empty on an HTTP error).
QJsonArray push(HttpClient &client, const QList<outpost::Operation> &ops, int *status = nullptr);
// Every page of a pull from the start, in order, up to the first without has_more (at most
// maxPages). query: more parameters ("limit=1000").
QList<QJsonObject> pullAllPages(HttpClient &client, const QString &query = {}, int maxPages = 1000);

// On a form with the manual policy: first creates a record, second and then first change its
// field a from that base, so the last push opens a conflict. Returns the conflict id (0 on
// failure) and the record id in *recordId when given.
qint64 openManualConflict(HttpClient &first, HttpClient &second, const QString &formId,
                          QUuid *recordId = nullptr);
// Creates a finalized record (a, b and c set, so it is valid); a null id on failure.
QUuid createFinalized(HttpClient &client, const QString &formId);

} // namespace testsupport
