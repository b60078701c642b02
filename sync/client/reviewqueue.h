// ReviewQueue: the supervisor's decisions waiting for the server, and what the device knows
// about its user's roles. Kept in the store's sync state (small JSON values), so a decision
// survives a restart and is sent, in order, by the sync engine's next cycles until the
// server has it (see SyncEngine::syncReviews):
//   "review_queue"       [{"id", "kind": "resolve"|"review", "target", "path", "body"}, ...]
//   "review_failed"      the same entries the server refused for good, with "reason"
//   "me"                 the answer of GET /api/v1/me (user, device, teams with roles)
//   "resolved_conflicts" the answer of GET /api/v1/conflicts?status=resolved&order=desc
//                        (supervisors; the latest page, newest first)
//   "open_conflicts"     written by the Puller: {"<id>": ConflictInfo JSON, ...}
//
// THREAD: enqueue/remove/fail are for the sync engine's thread only (the only writer of these
// keys, so no read-modify-write can race); the readers work on any connection.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include "result.h"

namespace outpost {

class LocalStore;

namespace reviewqueue {

inline const QString kQueueKey = QStringLiteral("review_queue");
inline const QString kFailedKey = QStringLiteral("review_failed");
inline const QString kMeKey = QStringLiteral("me");
inline const QString kResolvedKey = QStringLiteral("resolved_conflicts");
inline const QString kOpenConflictsKey = QStringLiteral("open_conflicts");

// POST /api/v1/conflicts/{id}/resolve with the chosen values.
QJsonObject resolveAction(qint64 conflictId, const QJsonObject &values);
// POST /api/v1/records/{id}/review; accept or reject with a comment.
QJsonObject reviewAction(const QUuid &recordId, bool accept, const QString &comment);

Status enqueue(LocalStore &store, const QJsonObject &action);
Status remove(LocalStore &store, const QString &actionId);
Status fail(LocalStore &store, const QString &actionId, const QString &reason);

Result<QJsonArray> pending(const LocalStore &store);
Result<QJsonArray> failed(const LocalStore &store);
// True if /api/v1/me said the user is a supervisor or an admin of at least one team.
bool isSupervisor(const LocalStore &store);
// Open conflicts as pulled (ConflictInfo JSON), oldest id first.
QJsonArray openConflicts(const LocalStore &store);
// Resolved conflicts as last fetched (ConflictInfo JSON).
QJsonArray resolvedConflicts(const LocalStore &store);

} // namespace reviewqueue
} // namespace outpost
