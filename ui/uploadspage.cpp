#include "uploadspage.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include "theme.h"
#include "transferdelegate.h"
#include "transferlistmodel.h"

namespace outpost::ui {

using State = AttachmentTransfer::State;

UploadsPage::UploadsPage(QWidget *parent)
    : QWidget(parent), m_model(new TransferListModel(this)), m_list(new QListView(this)),
      m_summary(new QLabel(this)), m_empty(new QLabel(this)),
      m_pause(new QPushButton(tr("&Pause"), this)), m_resume(new QPushButton(tr("&Resume"), this)),
      m_retry(new QPushButton(tr("Re&try"), this))
{
    auto *back = new QPushButton(tr("← Back"), this);
    back->setObjectName(QStringLiteral("back"));
    back->setShortcut(QKeySequence::Back);
    back->setToolTip(tr("Back to the forms (Esc, Alt+Left)"));
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, back, &QPushButton::click);
    auto *title = new QLabel(tr("Uploads"), this);
    title->setProperty("role", QStringLiteral("title"));
    m_summary->setObjectName(QStringLiteral("summary"));
    m_empty->setObjectName(QStringLiteral("empty"));
    m_empty->setText(tr("No photos or files are waiting: everything taken on this device has "
                        "reached the server."));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_list->setObjectName(QStringLiteral("transfers"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new TransferDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    m_list->setAlternatingRowColors(true);
    enableKineticScrolling(m_list);
    m_pause->setObjectName(QStringLiteral("pause"));
    m_resume->setObjectName(QStringLiteral("resume"));
    m_retry->setObjectName(QStringLiteral("retry"));

    auto *header = new QHBoxLayout;
    header->addWidget(back);
    header->addWidget(title);
    header->addWidget(m_summary, 1);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_pause);
    actions->addWidget(m_resume);
    actions->addWidget(m_retry);
    actions->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_empty, 1); // one of the two shows
    layout->addWidget(m_list, 1);
    layout->addLayout(actions);

    connect(back, &QPushButton::clicked, this, &UploadsPage::backRequested);
    connect(m_pause, &QPushButton::clicked, this, [this] { Q_EMIT pauseRequested(currentId()); });
    connect(m_resume, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(currentId()); });
    connect(m_retry, &QPushButton::clicked, this, [this] { Q_EMIT retryRequested(currentId()); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &UploadsPage::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &UploadsPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &UploadsPage::updateActions);
    setTransfers({});
}

QString UploadsPage::summary(const QList<AttachmentTransfer> &transfers)
{
    int active = 0, waiting = 0, failed = 0, paused = 0;
    for (const AttachmentTransfer &transfer : transfers) {
        switch (transfer.state) {
        case State::Active:
            ++active;
            break;
        case State::Failed:
            ++failed;
            break;
        case State::Paused:
            ++paused;
            break;
        case State::Done:
            break;
        default:
            ++waiting;
            break;
        }
    }
    QStringList parts;
    if (active > 0)
        parts << tr("%n in progress", nullptr, active);
    if (waiting > 0)
        parts << tr("%n waiting", nullptr, waiting);
    if (paused > 0)
        parts << tr("%n paused", nullptr, paused);
    if (failed > 0)
        parts << tr("%n failed", nullptr, failed);
    return parts.join(QStringLiteral(", "));
}

void UploadsPage::setTransfers(const QList<AttachmentTransfer> &transfers)
{
    const QString selected = currentId();
    m_model->setTransfers(transfers);
    if (!selected.isEmpty() && currentId() != selected) { // after a reset: keep the choice
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (m_model->transferAt(row)->attachmentId == selected)
                m_list->setCurrentIndex(m_model->index(row));
    }
    if (!m_list->currentIndex().isValid() && m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
    m_empty->setVisible(transfers.isEmpty());
    m_list->setVisible(!transfers.isEmpty());
    const QString text = summary(transfers);
    m_summary->setText(text.isEmpty() && !transfers.isEmpty() ? tr("All done") : text);
    updateActions();
}

QString UploadsPage::currentId() const
{
    const AttachmentTransfer *transfer = m_model->transferAt(m_list->currentIndex().row());
    return transfer ? transfer->attachmentId : QString();
}

void UploadsPage::updateActions()
{
    const AttachmentTransfer *transfer = m_model->transferAt(m_list->currentIndex().row());
    m_pause->setEnabled(transfer && TransferListModel::canPause(*transfer));
    m_resume->setEnabled(transfer && TransferListModel::canResume(*transfer));
    m_retry->setEnabled(transfer && TransferListModel::canRetry(*transfer));
}

} // namespace outpost::ui
