// A lazy table model over the local store's record summaries: it asks the store for the
// count, then loads rows a page at a time as the view scrolls (canFetchMore/fetchMore), so a
// form with 100,000 records opens at once and holds only what has been seen.
// UI thread only. The store is not owned and must outlive the model.
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "recordquery.h"
#include "recordsummary.h"

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class RecordListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TextColumn,
        StatusColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role
    {
        RecordIdRole = Qt::UserRole + 1,
        StatusRole
    };

    explicit RecordListModel(LocalStore *store, QObject *parent = nullptr);

    // Filter (form, states, search text); offset/limit of the query are ignored.
    void setQuery(const RecordQuery &query);
    const RecordQuery &query() const { return m_query; }
    int totalCount() const { return m_totalCount; } // rows matching, loaded or not
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }

    // Reloads count and the first page (after a change in the store).
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // What the person reads as the record's status: draft, finalized (waiting to sync),
    // synced, accepted, rejected, in conflict.
    static QString statusText(const RecordSummary &summary);

Q_SIGNALS:
    void loadFailed(const QString &message);

private:
    LocalStore *m_store; // not owned
    RecordQuery m_query;
    QList<RecordSummary> m_rows;
    int m_totalCount = 0;
    int m_pageSize = 200;
};

} // namespace outpost::ui
