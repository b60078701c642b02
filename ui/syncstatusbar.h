// Always-visible sync state: online/offline, changes waiting, last successful sync, a
// progress bar while syncing, files waiting to upload, and any problem in plain words with
// what the person can do; a "Sync now" button; the ways to the uploads and the settings.
// UI thread only.
#pragma once

#include <QWidget>

#include "syncstate.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace outpost::ui {

class SyncStatusBar : public QWidget
{
    Q_OBJECT

public:
    explicit SyncStatusBar(QWidget *parent = nullptr);

    void setState(const SyncState &state);
    // Uploads in progress, in words (UploadsPage::summary: "1 in progress, 2 waiting"), on
    // the Uploads button; empty: none.
    void setUploadSummary(const QString &summary);

    // What the bar says for a state, in plain words: a headline ("Up to date", "Offline —
    // 3 changes waiting") and a detail line (what happened and what to do), for the
    // person, not for a log. `now` is for "last sync 5 minutes ago".
    struct Description
    {
        QString headline;
        QString detail;
        bool problem = false; // shown in the error style
    };
    static Description describe(const SyncState &state, const QDateTime &now);

Q_SIGNALS:
    void syncNowRequested();
    void signInRequested();
    void uploadsRequested();
    void settingsRequested();

private:
    QLabel *m_indicator;
    QLabel *m_headline;
    QLabel *m_detail;
    QProgressBar *m_progress;
    QPushButton *m_syncNow;
    QPushButton *m_signIn; // shown when the server wants the person to sign in again
    QPushButton *m_uploads;
    QPushButton *m_settings;
};

} // namespace outpost::ui
