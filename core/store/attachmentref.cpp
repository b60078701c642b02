#include "attachmentref.h"

#include <QRegularExpression>

namespace outpost {

QJsonObject AttachmentRef::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("size"), static_cast<double>(sizeBytes)},
        {QStringLiteral("type"), mimeType},
        {QStringLiteral("name"), fileName},
    };
}

Result<AttachmentRef> AttachmentRef::fromJson(const QJsonObject &json)
{
    auto bad = [](const QString &what) {
        return Error::permanentError(QStringLiteral("invalid_attachment"),
                                     QStringLiteral("attachment reference: %1").arg(what));
    };
    AttachmentRef ref;
    ref.id = QUuid::fromString(json.value(QStringLiteral("id")).toString());
    if (ref.id.isNull())
        return bad(QStringLiteral("\"id\" is not a UUID"));
    ref.sha256 = json.value(QStringLiteral("sha256")).toString();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(ref.sha256).hasMatch())
        return bad(QStringLiteral("\"sha256\" is not 64 lower-case hex digits"));
    const QJsonValue size = json.value(QStringLiteral("size"));
    if (!size.isDouble() || size.toDouble() < 0 || size.toDouble() > 9007199254740992.0 ||
        size.toDouble() != static_cast<double>(static_cast<qint64>(size.toDouble())))
        return bad(QStringLiteral("\"size\" is not a byte count"));
    ref.sizeBytes = static_cast<qint64>(size.toDouble());
    ref.mimeType = json.value(QStringLiteral("type")).toString();
    ref.fileName = json.value(QStringLiteral("name")).toString();
    if (ref.mimeType.isEmpty())
        return bad(QStringLiteral("\"type\" is missing"));
    return ref;
}

QString uploadStateName(UploadState state)
{
    switch (state) {
    case UploadState::Waiting:
        return QStringLiteral("waiting");
    case UploadState::Uploading:
        return QStringLiteral("uploading");
    case UploadState::Paused:
        return QStringLiteral("paused");
    case UploadState::Done:
        return QStringLiteral("done");
    case UploadState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("waiting");
}

Result<UploadState> uploadStateFromName(const QString &name)
{
    for (auto state : {UploadState::Waiting, UploadState::Uploading, UploadState::Paused,
                       UploadState::Done, UploadState::Failed}) {
        if (uploadStateName(state) == name)
            return state;
    }
    return Error::permanentError(QStringLiteral("invalid_upload_state"),
                                 QStringLiteral("unknown upload state \"%1\"").arg(name));
}

QString downloadStateName(DownloadState state)
{
    switch (state) {
    case DownloadState::None:
        return QString();
    case DownloadState::Wanted:
        return QStringLiteral("wanted");
    case DownloadState::Paused:
        return QStringLiteral("paused");
    case DownloadState::Failed:
        return QStringLiteral("failed");
    case DownloadState::Done:
        return QStringLiteral("done");
    }
    return QString();
}

Result<DownloadState> downloadStateFromName(const QString &name)
{
    for (auto state : {DownloadState::None, DownloadState::Wanted, DownloadState::Paused,
                       DownloadState::Failed, DownloadState::Done}) {
        if (downloadStateName(state) == name)
            return state;
    }
    return Error::permanentError(QStringLiteral("invalid_download_state"),
                                 QStringLiteral("unknown download state \"%1\"").arg(name));
}

} // namespace outpost
