// Test helpers for attachment uploads over tus (tst_serverupload, tst_serverstream): the
// "survey" form with a photo field, attachments declared by a pushed record, the tus requests,
// patterned bytes, and the server process's peak memory (VmHWM).
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

#include "httpclient.h"
#include "testserver.h"

namespace testsupport {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Publishes form "survey" (one photo field) to team.
bool publishSurvey(TestServer &server, const QString &team);
// A server of its own (started with overrides) with team north, collector alice and the
// survey form; alice's signed-in client, or nothing when a step failed.
std::optional<HttpClient> startWithAlice(TestServer &server, const QJsonObject &overrides = {});
// Declares an attachment with the given bytes (sha256 declaredSha when given) in a new record
// of form "survey"; returns its id.
QString declareAttachment(HttpClient &client, const QByteArray &bytes,
                          const QByteArray &declaredSha = {});
// extra plus "Tus-Resumable: 1.0.0".
HeaderList tusHeaders(HeaderList extra = {});
HttpResult createUpload(HttpClient &client, const QString &id, qint64 length);
HttpResult patchUpload(HttpClient &client, const QString &id, qint64 offset,
                       const QByteArray &chunk, const QByteArray &checksum = {});
// HEAD's Upload-Offset, -1 on an error.
qint64 uploadOffset(HttpClient &client, const QString &id);
// outpost_upload_bytes_rehashed_total from /metrics (client: an admin's), -1 on an error.
qint64 uploadBytesRehashed(HttpClient &admin);
// A counter of /metrics (admin's token), or -1 when it is not there.
qint64 metricsCounter(HttpClient &admin, const QByteArray &name);
// Deterministic bytes that differ with the seed.
QByteArray patterned(qsizetype size, int seed);
QByteArray sha256Checksum(const QByteArray &chunk); // an Upload-Checksum value
// The head of a tus PATCH as a client sends it on a socket of its own.
QByteArray patchHead(const QString &token, const QString &id, qint64 offset, qint64 length,
                     const QByteArray &checksum = {});

// The peak resident memory of a process (VmHWM, KiB; -1 on an error), and its reset to the
// current resident size (/proc/PID/clear_refs).
qint64 peakRssKiB(qint64 pid);
bool resetPeakRss(qint64 pid);

} // namespace testsupport
