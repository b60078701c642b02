#include "homepage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "localstore.h"
#include "recordlistmodel.h"
#include "theme.h"

namespace outpost::ui {

namespace {

// The status filter's entries, in order; each narrows the query in its own way.
enum StatusFilter
{
    AllRecords,
    Drafts,
    WaitingToSync,
    Synced,
    Rejected,
    InConflict
};

} // namespace

HomePage::HomePage(LocalStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_forms(new QListWidget(this)),
      m_search(new QLineEdit(this)), m_statusFilter(new QComboBox(this)), m_count(new QLabel(this)),
      m_table(new QTableView(this)), m_records(new RecordListModel(store, this)),
      m_searchDelay(new QTimer(this))
{
    m_forms->setObjectName(QStringLiteral("forms"));
    m_search->setObjectName(QStringLiteral("search"));
    m_table->setObjectName(QStringLiteral("records"));
    m_search->setPlaceholderText(tr("Search records"));
    m_search->setClearButtonEnabled(true);
    m_statusFilter->addItems({tr("All records"), tr("Drafts"), tr("Waiting to sync"), tr("Synced"),
                              tr("Not accepted"), tr("In conflict")});
    m_table->setModel(m_records);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(kTouchTargetPx);
    m_table->horizontalHeader()->setSectionResizeMode(RecordListModel::TextColumn,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(RecordListModel::StatusColumn,
                                                      QHeaderView::ResizeToContents);
    enableKineticScrolling(m_table);
    enableKineticScrolling(m_forms);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250); // milliseconds after the last key press

    auto *formsColumn = new QWidget(this);
    auto *formsLayout = new QVBoxLayout(formsColumn);
    auto *formsTitle = new QLabel(tr("Forms"), formsColumn);
    formsTitle->setProperty("role", QStringLiteral("title"));
    formsLayout->addWidget(formsTitle);
    formsLayout->addWidget(m_forms);

    auto *recordsColumn = new QWidget(this);
    auto *recordsLayout = new QVBoxLayout(recordsColumn);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 3);
    filters->addWidget(m_statusFilter, 1);
    recordsLayout->addLayout(filters);
    recordsLayout->addWidget(m_count);
    recordsLayout->addWidget(m_table);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(formsColumn);
    splitter->addWidget(recordsColumn);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_forms, &QListWidget::currentRowChanged, this, &HomePage::onFormChosen);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &HomePage::applyFilter);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &HomePage::applyFilter);
    connect(m_records, &QAbstractItemModel::modelReset, this, &HomePage::updateCount);
    connect(m_store, &LocalStore::recordsChanged, m_records, &RecordListModel::reload);
    reloadForms();
}

void HomePage::reloadForms()
{
    m_forms->clear();
    auto forms = m_store->forms();
    if (!forms) {
        m_count->setText(forms.error().message);
        return;
    }
    for (const StoredForm &form : *forms) {
        auto *item = new QListWidgetItem(tr("%1\nversion %2").arg(form.title).arg(form.version));
        item->setData(Qt::UserRole, form.formId);
        m_forms->addItem(item);
    }
    if (m_forms->count() > 0)
        m_forms->setCurrentRow(0);
    else
        m_count->setText(tr("No forms on this device yet. They arrive with the next sync."));
}

void HomePage::onFormChosen()
{
    applyFilter();
}

void HomePage::applyFilter()
{
    RecordQuery query;
    if (QListWidgetItem *item = m_forms->currentItem())
        query.formId = item->data(Qt::UserRole).toString();
    query.searchText = m_search->text().trimmed();
    switch (m_statusFilter->currentIndex()) {
    case Drafts:
        query.states = {RecordState::Draft};
        query.syncStatuses = {SyncStatus::Pending};
        break;
    case WaitingToSync:
        query.states = {RecordState::Finalized};
        query.syncStatuses = {SyncStatus::Pending};
        break;
    case Synced:
        query.syncStatuses = {SyncStatus::Synced};
        break;
    case Rejected:
        query.syncStatuses = {SyncStatus::Rejected};
        break;
    case InConflict:
        query.syncStatuses = {SyncStatus::Conflict};
        break;
    default:
        break;
    }
    m_records->setQuery(query);
}

void HomePage::updateCount()
{
    m_count->setText(tr("%n record(s)", nullptr, m_records->totalCount()));
}

} // namespace outpost::ui
