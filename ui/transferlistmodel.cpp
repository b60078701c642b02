#include "transferlistmodel.h"

#include <QLocale>

#include <algorithm>

namespace outpost::ui {

using State = AttachmentTransfer::State;

TransferListModel::TransferListModel(QObject *parent) : QAbstractListModel(parent) {}

void TransferListModel::setTransfers(const QList<AttachmentTransfer> &transfers)
{
    bool sameRows = transfers.size() == m_transfers.size();
    for (qsizetype i = 0; sameRows && i < transfers.size(); ++i)
        sameRows = transfers.at(i).attachmentId == m_transfers.at(i).attachmentId &&
                   transfers.at(i).direction == m_transfers.at(i).direction;
    if (!sameRows) {
        beginResetModel();
        m_transfers = transfers;
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < transfers.size(); ++i) {
        if (transfers.at(i) == m_transfers.at(i))
            continue;
        m_transfers[i] = transfers.at(i);
        const QModelIndex changed = index(static_cast<int>(i));
        Q_EMIT dataChanged(changed, changed);
    }
}

const AttachmentTransfer *TransferListModel::transferAt(int row) const
{
    return row >= 0 && row < m_transfers.size() ? &m_transfers.at(row) : nullptr;
}

int TransferListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_transfers.size());
}

QString TransferListModel::stateText(const AttachmentTransfer &transfer)
{
    const bool upload = transfer.direction == AttachmentTransfer::Direction::Upload;
    switch (transfer.state) {
    case State::WaitingForRecord:
        return tr("Waiting for its record to reach the server");
    case State::Queued:
        return upload ? tr("Waiting to upload") : tr("Waiting to download");
    case State::Active:
        return upload ? tr("Uploading") : tr("Downloading");
    case State::Paused:
        return tr("Paused");
    case State::HeldMetered:
        return tr("Held: the network is metered (allow it in Settings)");
    case State::Failed:
        return transfer.errorPermanent ? tr("Failed — retrying alone will not help")
                                       : tr("Failed — will try again");
    case State::Done:
        return upload ? tr("Uploaded") : tr("Downloaded");
    }
    return {};
}

bool TransferListModel::canPause(const AttachmentTransfer &transfer)
{
    return transfer.state == State::Queued || transfer.state == State::Active ||
           transfer.state == State::WaitingForRecord || transfer.state == State::HeldMetered;
}

bool TransferListModel::canResume(const AttachmentTransfer &transfer)
{
    return transfer.state == State::Paused;
}

bool TransferListModel::canRetry(const AttachmentTransfer &transfer)
{
    return transfer.state == State::Failed;
}

QVariant TransferListModel::data(const QModelIndex &index, int role) const
{
    const AttachmentTransfer *transfer = transferAt(index.row());
    if (!transfer || index.parent().isValid())
        return {};
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        return transfer->fileName.isEmpty() ? transfer->attachmentId : transfer->fileName;
    case Qt::ToolTipRole:
        return transfer->errorMessage.isEmpty() ? stateText(*transfer) : transfer->errorMessage;
    case AttachmentIdRole:
        return transfer->attachmentId;
    case StateRole:
        return static_cast<int>(transfer->state);
    case StateTextRole:
        return stateText(*transfer);
    case DetailTextRole: {
        QString size = transfer->state == State::Done
                           ? locale.formattedDataSize(transfer->sizeBytes)
                           : tr("%1 of %2")
                                 .arg(locale.formattedDataSize(transfer->transferredBytes),
                                      locale.formattedDataSize(transfer->sizeBytes));
        if (!transfer->errorMessage.isEmpty())
            size += QStringLiteral(" · ") + transfer->errorMessage;
        return size;
    }
    case ProgressRole: {
        if (transfer->sizeBytes <= 0)
            return transfer->state == State::Done ? 1000 : -1;
        const qint64 permille = transfer->transferredBytes * 1000 / transfer->sizeBytes;
        return static_cast<int>(std::clamp<qint64>(permille, 0, 1000));
    }
    case ProblemRole:
        return transfer->state == State::Failed;
    case CanPauseRole:
        return canPause(*transfer);
    case CanResumeRole:
        return canResume(*transfer);
    case CanRetryRole:
        return canRetry(*transfer);
    default:
        return {};
    }
}

QHash<int, QByteArray> TransferListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(AttachmentIdRole, "attachmentId");
    names.insert(StateRole, "state");
    names.insert(StateTextRole, "stateText");
    names.insert(DetailTextRole, "detailText");
    names.insert(ProgressRole, "progress");
    names.insert(ProblemRole, "problem");
    return names;
}

} // namespace outpost::ui
