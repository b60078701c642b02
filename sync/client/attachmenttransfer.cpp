#include "attachmenttransfer.h"

namespace outpost {

QString transferDirectionName(AttachmentTransfer::Direction direction)
{
    return direction == AttachmentTransfer::Direction::Upload ? QStringLiteral("upload")
                                                              : QStringLiteral("download");
}

QString transferStateName(AttachmentTransfer::State state)
{
    using State = AttachmentTransfer::State;
    switch (state) {
    case State::WaitingForRecord:
        return QStringLiteral("waiting_for_record");
    case State::Queued:
        return QStringLiteral("queued");
    case State::Active:
        return QStringLiteral("active");
    case State::Paused:
        return QStringLiteral("paused");
    case State::HeldMetered:
        return QStringLiteral("held_metered");
    case State::Failed:
        return QStringLiteral("failed");
    case State::Done:
        return QStringLiteral("done");
    }
    return QStringLiteral("queued");
}

AttachmentTransfer AttachmentTransfer::fromInfo(const AttachmentInfo &info, Direction direction)
{
    AttachmentTransfer t;
    t.attachmentId = info.ref.id.toString(QUuid::WithoutBraces);
    t.recordId = info.recordId.isNull() ? QString() : info.recordId.toString(QUuid::WithoutBraces);
    t.fileName = info.ref.fileName;
    t.mimeType = info.ref.mimeType;
    t.sizeBytes = info.ref.sizeBytes;
    t.direction = direction;
    return t;
}

QJsonObject AttachmentTransfer::toJson() const
{
    QJsonObject json{
        {QStringLiteral("attachment_id"), attachmentId},
        {QStringLiteral("record_id"), recordId},
        {QStringLiteral("file_name"), fileName},
        {QStringLiteral("mime_type"), mimeType},
        {QStringLiteral("size_bytes"), static_cast<double>(sizeBytes)},
        {QStringLiteral("transferred_bytes"), static_cast<double>(transferredBytes)},
        {QStringLiteral("direction"), transferDirectionName(direction)},
        {QStringLiteral("state"), transferStateName(state)},
    };
    if (!errorMessage.isEmpty())
        json.insert(QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("message"), errorMessage},
                                {QStringLiteral("permanent"), errorPermanent}});
    return json;
}

} // namespace outpost
