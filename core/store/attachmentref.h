// What a record's photo or file field holds: a reference to an attachment whose bytes live
// encrypted beside the database and travel to the server separately. Value type.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUuid>

#include "result.h"

namespace outpost {

struct AttachmentRef
{
    QUuid id;       // made on the device
    QString sha256; // of the plaintext, 64 lower-case hex digits
    qint64 sizeBytes = 0;
    QString mimeType; // from QMimeDatabase, e.g. "image/jpeg"
    QString fileName; // the original name, without directories

    bool operator==(const AttachmentRef &) const = default;

    // {"id", "sha256", "size", "type", "name"}: the value stored in a record's field.
    QJsonObject toJson() const;
    static Result<AttachmentRef> fromJson(const QJsonObject &json);
};

enum class UploadState
{
    Waiting,   // not started (or waiting for its record to be accepted)
    Uploading, // started; uploadedBytes and uploadUrl say where to resume
    Paused,    // paused by the person
    Done,      // the server has all bytes and the sha256 matched
    Failed,    // permanent failure; lastError says why
};

QString uploadStateName(UploadState state); // "waiting", "uploading", "paused", "done", "failed"
Result<UploadState> uploadStateFromName(const QString &name);

// An attachment made on another device, fetched on demand (LocalStore::requestDownload).
enum class DownloadState
{
    None,   // not asked for (or made on this device)
    Wanted, // asked for; downloadedBytes say where a resume starts
    Paused, // paused by the person
    Failed, // permanent failure; downloadError says why
    Done,   // on this device, encrypted, sha256 checked
};

QString downloadStateName(DownloadState state); // "", "wanted", "paused", "failed", "done"
Result<DownloadState> downloadStateFromName(const QString &name);

// An attachment with its upload (or download) progress, as the transfer queues see it.
struct AttachmentInfo
{
    AttachmentRef ref;
    QUuid recordId; // null when not (yet) tied to a record
    UploadState uploadState = UploadState::Waiting;
    qint64 uploadedBytes = 0;
    QString uploadUrl; // tus upload URL once created
    QString lastError;
    bool fromServer = false; // made on another device (its upload state is Done)
    DownloadState downloadState = DownloadState::None;
    qint64 downloadedBytes = 0; // plaintext bytes safely in the partial file
    QString downloadError;
};

} // namespace outpost
