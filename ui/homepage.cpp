#include "homepage.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "confirmation.h"
#include "devicemetadata.h"
#include "localstore.h"
#include "recordeditor.h"
#include "recordfactory.h"
#include "recordlistmodel.h"
#include "reviewpage.h"
#include "reviewqueue.h"
#include "synccontroller.h"
#include "theme.h"
#include "timeuuid.h"
#include "uilogging.h"

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
    : QWidget(parent), m_store(store), m_pages(new QStackedWidget(this)),
      m_listPage(new QWidget(m_pages)), m_forms(new QListWidget(this)),
      m_search(new QLineEdit(this)), m_statusFilter(new QComboBox(this)), m_count(new QLabel(this)),
      m_error(new QLabel(this)), m_new(new QPushButton(tr("New record"), this)),
      m_open(new QPushButton(tr("Open"), this)), m_delete(new QPushButton(tr("Delete…"), this)),
      m_table(new QTableView(this)), m_records(new RecordListModel(store, this)),
      m_searchDelay(new QTimer(this))
{
    m_new->setObjectName(QStringLiteral("newRecord"));
    m_open->setObjectName(QStringLiteral("openRecord"));
    m_delete->setObjectName(QStringLiteral("deleteRecord"));
    m_new->setDefault(true);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setProperty("role", QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_forms->setObjectName(QStringLiteral("forms"));
    m_search->setObjectName(QStringLiteral("search"));
    m_table->setObjectName(QStringLiteral("records"));
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
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
    m_table->horizontalHeader()->setSectionResizeMode(RecordListModel::UpdatedColumn,
                                                      QHeaderView::ResizeToContents);
    m_forms->setWordWrap(true); // long form titles wrap instead of scrolling sideways
    m_forms->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
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
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_new);
    actions->addWidget(m_open);
    actions->addWidget(m_delete);
    actions->addStretch();
    m_reviewButton = new QPushButton(tr("Review…"), this);
    m_reviewButton->setObjectName(QStringLiteral("review"));
    m_reviewButton->setMinimumHeight(kTouchTargetPx);
    m_reviewButton->setVisible(reviewqueue::isSupervisor(*m_store));
    connect(m_reviewButton, &QPushButton::clicked, this, &HomePage::openReview);
    actions->addWidget(m_reviewButton);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 3);
    filters->addWidget(m_statusFilter, 1);
    recordsLayout->addLayout(actions);
    recordsLayout->addWidget(m_error);
    recordsLayout->addLayout(filters);
    recordsLayout->addWidget(m_count);
    recordsLayout->addWidget(m_table);

    auto *splitter = new QSplitter(m_listPage);
    splitter->addWidget(formsColumn);
    splitter->addWidget(recordsColumn);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({300, 980}); // at 1280 px the titles of the demo forms fit
    auto *listLayout = new QVBoxLayout(m_listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(splitter);
    m_pages->addWidget(m_listPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    // Keyboard: Enter on a row opens it (activated), Delete deletes it.
    auto *deleteKey = new QAction(this);
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(deleteKey);
    connect(deleteKey, &QAction::triggered, this, [this] {
        if (!selectedRecord().isNull())
            deleteRecord(selectedRecord());
    });
    // Ctrl+N a new record of the chosen form, Ctrl+F the search, Ctrl+R the review.
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *action = new QAction(m_listPage);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_listPage->addAction(action);
        connect(action, &QAction::triggered, this, slot);
    };
    shortcut(QKeySequence::New, [this] {
        if (m_new->isEnabled())
            newRecord(currentFormId());
    });
    shortcut(QKeySequence::Find, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
        if (m_reviewButton->isVisible())
            openReview();
    });
    m_new->setToolTip(tr("New record (Ctrl+N)"));
    m_search->setToolTip(tr("Search (Ctrl+F)"));
    m_reviewButton->setToolTip(tr("Conflicts and submissions to review (Ctrl+R)"));
    // Tab goes down the screen: forms, actions, search, filter, records.
    const QList<QWidget *> tabOrder{m_forms,        m_new,    m_open,         m_delete,
                                    m_reviewButton, m_search, m_statusFilter, m_table};
    for (qsizetype i = 1; i < tabOrder.size(); ++i)
        QWidget::setTabOrder(tabOrder.at(i - 1), tabOrder.at(i));
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        openRecord(index.data(RecordListModel::RecordIdRole).toUuid());
    });
    connect(m_new, &QPushButton::clicked, this, [this] { newRecord(currentFormId()); });
    connect(m_open, &QPushButton::clicked, this, [this] { openRecord(selectedRecord()); });
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteRecord(selectedRecord()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HomePage::updateActions);
    connect(m_records, &QAbstractItemModel::modelReset, this, &HomePage::updateActions);

    connect(m_forms, &QListWidget::currentRowChanged, this, &HomePage::onFormChosen);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &HomePage::applyFilter);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &HomePage::applyFilter);
    connect(m_records, &QAbstractItemModel::modelReset, this, &HomePage::updateCount);
    connect(m_store, &LocalStore::recordsChanged, m_records, &RecordListModel::reload);
    reloadForms();
}

HomePage::~HomePage()
{
    // The editor's last save notifies the records model, which updates this page: it must
    // happen before this page's members go.
    delete m_editor;
    m_editor = nullptr;
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
    updateActions();
}

QString HomePage::currentFormId() const
{
    QListWidgetItem *item = m_forms->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

QUuid HomePage::selectedRecord() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QUuid() : rows.first().data(RecordListModel::RecordIdRole).toUuid();
}

void HomePage::updateActions()
{
    m_new->setEnabled(!currentFormId().isEmpty());
    const bool selected = !selectedRecord().isNull();
    m_open->setEnabled(selected);
    m_delete->setEnabled(selected);
}

void HomePage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

RecordEditor *HomePage::newRecord(const QString &formId)
{
    auto form = RecordEditor::loadForm(*m_store, formId);
    if (!form) {
        showError(tr("This form cannot be opened: %1").arg(form.error().message));
        return nullptr;
    }
    // Metadata first, so that dynamic defaults may use them.
    Record record = RecordFactory::create(*form, {}, timeOrderedUuid(), deviceMetadata(*m_store));
    auto *editor = new RecordEditor(m_store, std::move(*form), std::move(record), false, m_pages);
    showEditor(editor);
    return editor;
}

RecordEditor *HomePage::openRecord(const QUuid &id)
{
    if (id.isNull())
        return nullptr;
    auto record = m_store->record(id);
    if (!record) {
        showError(tr("This record cannot be opened: %1").arg(record.error().message));
        return nullptr;
    }
    auto form = RecordEditor::loadForm(*m_store, record->formId, record->formVersion);
    if (!form) {
        showError(tr("The form of this record (version %1) is not on this device: %2")
                      .arg(record->formVersion)
                      .arg(form.error().message));
        return nullptr;
    }
    auto *editor = new RecordEditor(m_store, std::move(*form), std::move(*record), true, m_pages);
    showEditor(editor);
    return editor;
}

void HomePage::showEditor(RecordEditor *editor)
{
    if (m_editor)
        showList(); // saves and closes the one open
    showError({});
    m_editor = editor;
    m_pages->addWidget(editor);
    m_pages->setCurrentWidget(editor);
    connect(editor, &RecordEditor::closed, this, &HomePage::showList);
    editor->setFocus();
    Q_EMIT editorOpened(editor);
}

void HomePage::showList()
{
    if (m_editor) {
        RecordEditor *editor = m_editor;
        m_editor = nullptr;
        editor->save();
        m_pages->removeWidget(editor);
        editor->hide();
        editor->deleteLater(); // it may be the sender of closed()
        Q_EMIT editorClosed();
    }
    if (m_review) {
        m_pages->removeWidget(m_review);
        m_review->hide();
        m_review->deleteLater(); // it may be the sender of closed()
        m_review = nullptr;
    }
    m_pages->setCurrentWidget(m_listPage);
    m_records->reload();
    m_table->setFocus();
}

bool HomePage::deleteRecord(const QUuid &id)
{
    if (id.isNull())
        return false;
    if (auto record = m_store->record(id); record && (record->state == RecordState::Finalized ||
                                                      record->state == RecordState::Accepted)) {
        showError(tr("A finalized record cannot be deleted on this device: it belongs to the "
                     "supervisor's review now."));
        return false;
    }
    if (!confirmAction(this, tr("Delete this record?"),
                       tr("The record will be removed from this device and, at the next sync, "
                          "from the server."),
                       tr("Delete"), QStringLiteral("confirmDelete")))
        return false;
    if (auto status = m_store->deleteRecord(id); !status) {
        qCWarning(lcUi) << "could not delete record" << id << status.error().code;
        showError(tr("The record was not deleted: %1").arg(status.error().message));
        return false;
    }
    showError({});
    return true;
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

void HomePage::setSync(SyncController *sync)
{
    m_sync = sync;
    if (m_sync)
        connect(m_sync, &SyncController::cycleFinished, this, &HomePage::refreshReview);
}

ReviewPage *HomePage::openReview()
{
    if (!reviewqueue::isSupervisor(*m_store))
        return nullptr;
    if (m_review)
        return m_review;
    if (m_editor)
        showList();
    m_review = new ReviewPage(m_store, m_pages);
    m_pages->addWidget(m_review);
    m_pages->setCurrentWidget(m_review);
    connect(m_review, &ReviewPage::closed, this, &HomePage::showList);
    connect(m_review, &ReviewPage::decisionMade, this, [this](const QJsonObject &action) {
        if (m_sync)
            m_sync->queueReview(action);
    });
    return m_review;
}

void HomePage::refreshReview()
{
    // /api/v1/me arrives with a sync cycle, through the engine's connection.
    m_reviewButton->setVisible(reviewqueue::isSupervisor(*m_store));
    if (m_review)
        m_review->reload();
}

} // namespace outpost::ui
