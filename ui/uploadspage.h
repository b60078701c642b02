// The uploads view: every attachment transfer with its state, progress and size (a
// TransferListModel drawn by a TransferDelegate), and Pause / Resume / Retry for the chosen
// one (Alt+P, Alt+R, Alt+T; Esc goes back). What the buttons ask leaves as signals that
// MainWindow passes to the SyncController. UI thread only.
#pragma once

#include <QWidget>

#include "attachmenttransfer.h"

class QLabel;
class QListView;
class QPushButton;

namespace outpost::ui {

class TransferListModel;

class UploadsPage : public QWidget
{
    Q_OBJECT

public:
    explicit UploadsPage(QWidget *parent = nullptr);

    void setTransfers(const QList<AttachmentTransfer> &transfers);
    TransferListModel *model() const { return m_model; }
    QListView *list() const { return m_list; }
    // "2 uploading, 1 failed" — also what the status bar's Uploads button says (empty: none).
    static QString summary(const QList<AttachmentTransfer> &transfers);

Q_SIGNALS:
    void backRequested();
    void pauseRequested(const QString &attachmentId);
    void resumeRequested(const QString &attachmentId);
    void retryRequested(const QString &attachmentId);

private:
    void updateActions();
    QString currentId() const;

    TransferListModel *m_model;
    QListView *m_list;
    QLabel *m_summary;
    QLabel *m_empty;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QPushButton *m_retry;
};

} // namespace outpost::ui
