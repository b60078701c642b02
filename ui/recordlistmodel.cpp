#include "recordlistmodel.h"

#include <QLocale>

#include "localstore.h"

namespace outpost::ui {

RecordListModel::RecordListModel(LocalStore *store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store)
{}

void RecordListModel::setQuery(const RecordQuery &query)
{
    m_query = query;
    m_query.offset = 0;
    m_query.limit = -1;
    reload();
}

void RecordListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_totalCount = 0;
    if (auto count = m_store->countRecords(m_query)) {
        m_totalCount = *count;
    } else {
        Q_EMIT loadFailed(count.error().message);
    }
    endResetModel();
    if (canFetchMore({}))
        fetchMore({});
}

int RecordListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RecordListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RecordListModel::statusText(const RecordSummary &summary)
{
    if (summary.deleted)
        return tr("Deleted");
    switch (summary.syncStatus) {
    case SyncStatus::Conflict:
        return tr("In conflict");
    case SyncStatus::Rejected:
        return tr("Not accepted by the server");
    case SyncStatus::Pending:
        return summary.state == RecordState::Finalized ? tr("Finalized, waiting to sync")
                                                       : tr("Draft");
    case SyncStatus::Synced:
        break;
    }
    switch (summary.state) {
    case RecordState::Accepted:
        return tr("Accepted");
    case RecordState::Rejected:
        return tr("Rejected by supervisor");
    case RecordState::Draft:
        return tr("Draft (synced)");
    case RecordState::Finalized:
        return tr("Synced");
    }
    return {};
}

QVariant RecordListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const RecordSummary &row = m_rows.at(index.row());
    if (role == RecordIdRole)
        return row.id;
    if (role == StatusRole)
        return static_cast<int>(row.syncStatus);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TextColumn:
        return row.displayText.isEmpty() ? tr("(empty record)") : row.displayText;
    case StatusColumn:
        return statusText(row);
    case UpdatedColumn:
        return QLocale().toString(row.updatedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant RecordListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TextColumn:
        return tr("Record");
    case StatusColumn:
        return tr("Status");
    case UpdatedColumn:
        return tr("Changed");
    default:
        return {};
    }
}

bool RecordListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows.size() < m_totalCount;
}

void RecordListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    RecordQuery page = m_query;
    page.offset = static_cast<int>(m_rows.size());
    page.limit = m_pageSize;
    auto rows = m_store->listRecords(page);
    if (!rows) {
        Q_EMIT loadFailed(rows.error().message);
        m_totalCount = static_cast<int>(m_rows.size()); // stop asking until reload()
        return;
    }
    if (rows->isEmpty()) {
        m_totalCount = static_cast<int>(m_rows.size()); // the store shrank meanwhile
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows->size()) - 1);
    m_rows.append(*rows);
    endInsertRows();
}

} // namespace outpost::ui
