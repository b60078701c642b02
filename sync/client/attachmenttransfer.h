// One attachment's transfer (upload to, or download from, the server) as the UI sees it: a
// value type sent from the engine's thread in SyncController::transfersChanged. The upload
// queue (uploadqueue.h) and the downloader (attachmentdownloader.h) fill it.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include "attachmentref.h"

namespace outpost {

struct AttachmentTransfer
{
    Q_GADGET

public:
    enum class Direction
    {
        Upload,   // a file made on this device, going to the server
        Download, // a file uploaded by another device, fetched on demand
    };
    Q_ENUM(Direction)

    enum class State
    {
        WaitingForRecord, // upload only: its record is not yet accepted by the server
        Queued,           // will start when the queue gets to it (or its retry is due)
        Active,           // bytes are moving now
        Paused,           // paused by the person; resumeTransfer() continues it
        HeldMetered,      // upload held back: the network is metered (networkpolicy)
        Failed,           // errorMessage says why; errorPermanent = retrying alone won't help
        Done,             // the server (upload) or this device (download) has every byte and
                          // the sha256 matched
    };
    Q_ENUM(State)

    QString attachmentId; // the attachment's UUID without braces
    QString recordId;     // the record declaring it, without braces; empty if unknown
    QString fileName;     // the original name, without directories
    QString mimeType;
    qint64 sizeBytes = 0;
    qint64 transferredBytes = 0; // acknowledged by the server (upload) / stored (download)
    Direction direction = Direction::Upload;
    State state = State::Queued;
    QString errorMessage; // plain words for the person; empty when there is no problem
    bool errorPermanent = false;

    bool operator==(const AttachmentTransfer &) const = default;

    // {"attachment_id", "record_id", "file_name", "mime_type", "size_bytes",
    //  "transferred_bytes", "direction": "upload"|"download", "state": "waiting_for_record"|
    //  "queued"|"active"|"paused"|"held_metered"|"failed"|"done", "error"?: {"message",
    //  "permanent"}}
    QJsonObject toJson() const;
    // The fields an attachment row gives (ids, name, type, size); state and bytes are the
    // caller's to set.
    static AttachmentTransfer fromInfo(const AttachmentInfo &info, Direction direction);
};

QString transferDirectionName(AttachmentTransfer::Direction direction); // "upload", "download"
QString transferStateName(AttachmentTransfer::State state); // "waiting_for_record", "queued", ...

} // namespace outpost

Q_DECLARE_METATYPE(outpost::AttachmentTransfer)
