// The uploads view's model: one row per attachment transfer the engine reported
// (SyncController::transfersChanged), in the engine's order. A new list updates the rows in
// place when the same transfers are listed (progress moves without resetting the view or
// the selection), otherwise it resets. UI thread only.
#pragma once

#include <QAbstractListModel>
#include <QList>

#include "attachmenttransfer.h"

namespace outpost::ui {

class TransferListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        AttachmentIdRole = Qt::UserRole + 1, // QString
        StateRole,                           // int (AttachmentTransfer::State)
        StateTextRole,                       // "Uploading", "Failed — …", in plain words
        DetailTextRole,                      // "1.2 MB of 3.4 MB · photo of record …"
        ProgressRole,                        // int 0..1000, -1 when the size is unknown
        ProblemRole,                         // bool: shown in the error style
        CanPauseRole,                        // bool
        CanResumeRole,                       // bool
        CanRetryRole,                        // bool
    };

    explicit TransferListModel(QObject *parent = nullptr);

    void setTransfers(const QList<AttachmentTransfer> &transfers);
    const QList<AttachmentTransfer> &transfers() const { return m_transfers; }
    const AttachmentTransfer *transferAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // What a state is called for the person.
    static QString stateText(const AttachmentTransfer &transfer);
    static bool canPause(const AttachmentTransfer &transfer);
    static bool canResume(const AttachmentTransfer &transfer);
    static bool canRetry(const AttachmentTransfer &transfer);

private:
    QList<AttachmentTransfer> m_transfers;
};

} // namespace outpost::ui
