#include "reviewsubmissions.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "localstore.h"
#include "reviewqueue.h"
#include "theme.h"

namespace outpost::ui {

ReviewSubmissions::ReviewSubmissions(LocalStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_list(new QListWidget(this)),
      m_comment(new QLineEdit(this)), m_accept(new QPushButton(tr("Accept"), this)),
      m_reject(new QPushButton(tr("Reject"), this))
{
    m_list->setObjectName(QStringLiteral("submissions"));
    m_comment->setObjectName(QStringLiteral("comment"));
    m_comment->setPlaceholderText(tr("Comment (needed to reject)"));
    m_comment->setMinimumHeight(kTouchTargetPx);
    m_accept->setObjectName(QStringLiteral("accept"));
    m_reject->setObjectName(QStringLiteral("reject"));
    m_accept->setMinimumHeight(kTouchTargetPx);
    m_reject->setMinimumHeight(kTouchTargetPx);
    enableKineticScrolling(m_list);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_comment, 1);
    actions->addWidget(m_accept);
    actions->addWidget(m_reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(actions);
    connect(m_list, &QListWidget::currentRowChanged, this, &ReviewSubmissions::updateActions);
    connect(m_comment, &QLineEdit::textChanged, this, &ReviewSubmissions::updateActions);
    connect(m_accept, &QPushButton::clicked, this, &ReviewSubmissions::accept);
    connect(m_reject, &QPushButton::clicked, this, [this] { reject(m_comment->text()); });
    reload();
}

void ReviewSubmissions::reload()
{
    QSet<QUuid> queued = m_decidedHere;
    for (const QJsonValue &action : reviewqueue::pending(*m_store).valueOr(QJsonArray()))
        if (action.toObject().value(QStringLiteral("kind")).toString() == QStringLiteral("review"))
            queued.insert(QUuid(action.toObject().value(QStringLiteral("target")).toString()));
    const QUuid current = selected();
    m_list->clear();
    RecordQuery query;
    query.states = {RecordState::Finalized};
    for (const RecordSummary &summary : m_store->listRecords(query).valueOr({})) {
        if (queued.contains(summary.id) || summary.serverVersion <= 0)
            continue; // decided here already, or not on the server yet
        auto *item =
            new QListWidgetItem(tr("%1 — %2").arg(summary.formId, summary.displayText), m_list);
        item->setData(Qt::UserRole, summary.id);
        item->setSizeHint(QSize(0, kTouchTargetPx));
        if (summary.id == current)
            m_list->setCurrentItem(item);
    }
    updateActions();
}

int ReviewSubmissions::submissionCount() const
{
    return m_list->count();
}

bool ReviewSubmissions::select(const QUuid &recordId)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toUuid() == recordId) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QUuid ReviewSubmissions::selected() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toUuid() : QUuid();
}

void ReviewSubmissions::updateActions()
{
    m_accept->setEnabled(!selected().isNull());
    m_reject->setEnabled(!selected().isNull() && !m_comment->text().trimmed().isEmpty());
}

bool ReviewSubmissions::accept()
{
    return decide(true, m_comment->text().trimmed());
}

bool ReviewSubmissions::reject(const QString &comment)
{
    if (comment.trimmed().isEmpty())
        return false;
    return decide(false, comment.trimmed());
}

bool ReviewSubmissions::decide(bool accept, const QString &comment)
{
    const QUuid id = selected();
    if (id.isNull())
        return false;
    m_decidedHere.insert(id);
    Q_EMIT decisionMade(reviewqueue::reviewAction(id, accept, comment));
    m_comment->clear();
    reload();
    return true;
}

} // namespace outpost::ui
