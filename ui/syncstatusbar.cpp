#include "syncstatusbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace outpost::ui {

namespace {

QString lastSyncText(const QDateTime &last, const QDateTime &now)
{
    if (!last.isValid())
        return SyncStatusBar::tr("Never synced.");
    const qint64 seconds = last.secsTo(now);
    if (seconds < 60)
        return SyncStatusBar::tr("Last sync just now.");
    if (seconds < 3600)
        return SyncStatusBar::tr("Last sync %n minute(s) ago.", nullptr,
                                 static_cast<int>(seconds / 60));
    if (seconds < 86400)
        return SyncStatusBar::tr("Last sync %n hour(s) ago.", nullptr,
                                 static_cast<int>(seconds / 3600));
    return SyncStatusBar::tr("Last sync %1.")
        .arg(QLocale().toString(last.toLocalTime(), QLocale::ShortFormat));
}

QString waitingText(const SyncState &state)
{
    QStringList parts;
    if (state.pendingOps > 0)
        parts << SyncStatusBar::tr("%n change(s) waiting", nullptr, state.pendingOps);
    if (state.pendingBytes > 0)
        parts << SyncStatusBar::tr("%1 of files waiting")
                     .arg(QLocale().formattedDataSize(state.pendingBytes));
    return parts.join(QStringLiteral(", "));
}

} // namespace

SyncStatusBar::SyncStatusBar(QWidget *parent)
    : QWidget(parent), m_indicator(new QLabel(this)), m_headline(new QLabel(this)),
      m_detail(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_syncNow(new QPushButton(tr("Sync now"), this)),
      m_signIn(new QPushButton(tr("Sign in"), this)),
      m_uploads(new QPushButton(tr("Uploads"), this)),
      m_settings(new QPushButton(tr("Settings"), this))
{
    setObjectName(QStringLiteral("syncStatus"));
    m_headline->setObjectName(QStringLiteral("headline"));
    m_detail->setObjectName(QStringLiteral("detail"));
    m_syncNow->setObjectName(QStringLiteral("syncNow"));
    m_signIn->setObjectName(QStringLiteral("signIn"));
    m_signIn->hide();
    m_uploads->setObjectName(QStringLiteral("uploads"));
    m_uploads->setToolTip(tr("Photos and files going to the server (Ctrl+U)"));
    m_settings->setObjectName(QStringLiteral("settings"));
    m_settings->setToolTip(tr("Sync, security and this device (Ctrl+,)"));
    m_indicator->setFixedSize(16, 16);
    m_headline->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_detail->setWordWrap(true);
    m_progress->setMaximumWidth(240);
    m_progress->hide();

    auto *text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(m_headline);
    text->addWidget(m_detail);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(12, 6, 12, 6);
    row->addWidget(m_indicator);
    row->addLayout(text, 1);
    row->addWidget(m_progress);
    row->addWidget(m_syncNow);
    row->addWidget(m_signIn);
    row->addWidget(m_uploads);
    row->addWidget(m_settings);
    connect(m_syncNow, &QPushButton::clicked, this, &SyncStatusBar::syncNowRequested);
    connect(m_uploads, &QPushButton::clicked, this, &SyncStatusBar::uploadsRequested);
    connect(m_settings, &QPushButton::clicked, this, &SyncStatusBar::settingsRequested);
    connect(m_signIn, &QPushButton::clicked, this, &SyncStatusBar::signInRequested);
    setState({});
}

void SyncStatusBar::setUploadSummary(const QString &summary)
{
    m_uploads->setText(summary.isEmpty() ? tr("Uploads") : tr("Uploads: %1").arg(summary));
}

SyncStatusBar::Description SyncStatusBar::describe(const SyncState &state, const QDateTime &now)
{
    const QString waiting = waitingText(state);
    const QString last = lastSyncText(state.lastSuccessfulSync, now);
    Description d;
    switch (state.phase) {
    case SyncPhase::NotEnrolled:
        d.headline = tr("Not connected to a server");
        d.detail = tr("Everything is saved on this device only.");
        return d;
    case SyncPhase::Enrolling:
        d.headline = tr("Signing in…");
        return d;
    case SyncPhase::SignInRequired:
        d.headline = tr("Sign in again to keep syncing");
        d.detail = tr("Your work is kept on this device and will be sent after you sign in.");
        d.problem = true;
        return d;
    case SyncPhase::Revoked:
        d.headline = tr("This device was disconnected from the server");
        d.detail = tr("Nothing more will be sent. Ask your supervisor; your data stays here.");
        d.problem = true;
        return d;
    case SyncPhase::Wiped:
        d.headline = tr("This device's data was erased at your organisation's request");
        d.problem = true;
        return d;
    case SyncPhase::Pushing:
        d.headline = tr("Sending changes…");
        d.detail = waiting;
        return d;
    case SyncPhase::Pulling:
        d.headline = tr("Receiving changes…");
        d.detail = waiting;
        return d;
    case SyncPhase::WaitingToRetry: {
        d.headline =
            waiting.isEmpty() ? tr("Cannot reach the server") : tr("Offline — %1").arg(waiting);
        QString retry;
        if (state.retryInMs > 0)
            retry = tr("Trying again in %n second(s).", nullptr,
                       static_cast<int>((state.retryInMs + 999) / 1000));
        d.detail = tr("Your work is saved on this device. %1 %2").arg(retry, last).trimmed();
        return d;
    }
    case SyncPhase::Idle:
        break;
    }
    if (state.rejectedOps > 0) {
        d.headline = tr("%n change(s) not accepted by the server", nullptr, state.rejectedOps);
        d.detail = tr("Open the records marked \"Not accepted\" to see why and correct them.");
        d.problem = true;
        return d;
    }
    if (!state.lastErrorCode.isEmpty() && state.lastErrorPermanent) {
        d.headline = tr("Sync stopped");
        d.detail = state.lastErrorMessage;
        d.problem = true;
        return d;
    }
    d.headline = waiting.isEmpty() ? tr("Up to date") : waiting;
    d.detail = last;
    return d;
}

void SyncStatusBar::setState(const SyncState &state)
{
    const Description d = describe(state, QDateTime::currentDateTimeUtc());
    m_headline->setText(d.headline);
    m_detail->setText(d.detail);
    m_detail->setVisible(!d.detail.isEmpty());
    m_headline->setStyleSheet(d.problem ? QStringLiteral("font-weight: bold; color: #b00020;")
                                        : QStringLiteral("font-weight: bold;"));
    // The dot: green online, grey offline, red when the person must act.
    const QString color = d.problem      ? QStringLiteral("#b00020")
                          : state.online ? QStringLiteral("#1b7f2a")
                                         : QStringLiteral("#8a8a8a");
    m_indicator->setStyleSheet(QStringLiteral("background: %1; border-radius: 8px;").arg(color));
    m_indicator->setToolTip(state.online ? tr("Online") : tr("Offline"));
    const bool busy = state.phase == SyncPhase::Pushing || state.phase == SyncPhase::Pulling;
    m_progress->setVisible(busy);
    if (busy) {
        m_progress->setRange(0, state.progressTotal > 0 ? state.progressTotal : 0);
        m_progress->setValue(state.progressDone);
    }
    const bool canSync = state.phase == SyncPhase::Idle || state.phase == SyncPhase::WaitingToRetry;
    m_syncNow->setEnabled(canSync);
    m_signIn->setVisible(state.phase == SyncPhase::SignInRequired);
}

} // namespace outpost::ui
