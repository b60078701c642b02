#include "reviewpage.h"

#include <QJsonArray>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "formlabels.h"
#include "localstore.h"
#include "reviewconflicts.h"
#include "reviewqueue.h"
#include "reviewsubmissions.h"
#include "theme.h"

namespace outpost::ui {

namespace {

QString fieldsText(FormLabels &labels, const QString &formId, const QJsonObject &fields,
                   const QString &side)
{
    QStringList parts;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        parts << QStringLiteral("%1 = %2").arg(
            labels.label(formId, it.key()),
            QJsonValue(it.value().toObject().value(side)).toVariant().toString());
    return parts.join(QStringLiteral(", "));
}

} // namespace

ReviewPage::ReviewPage(LocalStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_tabs(new QTabWidget(this)),
      m_conflicts(new ReviewConflicts(store, this)), m_history(new QListWidget(this)),
      m_submissions(new ReviewSubmissions(store, this))
{
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_history->setObjectName(QStringLiteral("history"));
    enableKineticScrolling(m_history);
    m_tabs->addTab(m_conflicts, tr("Conflicts"));
    m_tabs->addTab(m_history, tr("Resolved"));
    m_tabs->addTab(m_submissions, tr("Submissions"));
    auto *back = new QPushButton(tr("Back"), this);
    back->setObjectName(QStringLiteral("back"));
    back->setMinimumHeight(kTouchTargetPx);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(back, 0, Qt::AlignLeft);
    layout->addWidget(m_tabs, 1);
    connect(back, &QPushButton::clicked, this, &ReviewPage::closed);
    connect(m_conflicts, &ReviewConflicts::decisionMade, this, &ReviewPage::decisionMade);
    connect(m_submissions, &ReviewSubmissions::decisionMade, this, &ReviewPage::decisionMade);
    connect(this, &ReviewPage::decisionMade, this, &ReviewPage::reloadHistory,
            Qt::QueuedConnection);
    reloadHistory();
}

void ReviewPage::reload()
{
    m_conflicts->reload();
    m_submissions->reload();
    reloadHistory();
}

void ReviewPage::reloadHistory()
{
    m_history->clear();
    for (const QJsonValue &value : reviewqueue::pending(*m_store).valueOr(QJsonArray())) {
        const QJsonObject action = value.toObject();
        new QListWidgetItem(tr("Waiting to sync: %1 %2")
                                .arg(action.value(QStringLiteral("kind")).toString(),
                                     action.value(QStringLiteral("target")).toString()),
                            m_history);
    }
    for (const QJsonValue &value : reviewqueue::failed(*m_store).valueOr(QJsonArray())) {
        const QJsonObject action = value.toObject();
        new QListWidgetItem(tr("Refused by the server: %1 %2 (%3)")
                                .arg(action.value(QStringLiteral("kind")).toString(),
                                     action.value(QStringLiteral("target")).toString(),
                                     action.value(QStringLiteral("reason")).toString()),
                            m_history);
    }
    FormLabels labels(m_store);
    for (const QJsonValue &value : reviewqueue::resolvedConflicts(*m_store)) {
        const QJsonObject conflict = value.toObject();
        const QJsonObject fields = conflict.value(QStringLiteral("fields")).toObject();
        const QString formId = conflict.value(QStringLiteral("form_id")).toString();
        auto *item = new QListWidgetItem(
            tr("Conflict %1 (%2, %3's change): device %4; server %5")
                .arg(QString::number(conflict.value(QStringLiteral("id")).toInteger()), formId,
                     conflict.value(QStringLiteral("user")).toString(),
                     fieldsText(labels, formId, fields, QStringLiteral("device")),
                     fieldsText(labels, formId, fields, QStringLiteral("server"))),
            m_history);
        item->setData(Qt::UserRole, conflict.value(QStringLiteral("id")).toInteger());
    }
}

} // namespace outpost::ui
