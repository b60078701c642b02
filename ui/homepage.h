// The unlocked home screen: the forms on this device and, for the chosen form, its records
// with search and a status filter. UI thread only; the store is not owned.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableView;
class QTimer;

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class RecordListModel;

class HomePage : public QWidget
{
    Q_OBJECT

public:
    explicit HomePage(LocalStore *store, QWidget *parent = nullptr);

    void reloadForms();
    RecordListModel *recordModel() const { return m_records; }

private:
    void onFormChosen();
    void applyFilter();
    void updateCount();

    LocalStore *m_store; // not owned
    QListWidget *m_forms;
    QLineEdit *m_search;
    QComboBox *m_statusFilter;
    QLabel *m_count;
    QTableView *m_table;
    RecordListModel *m_records;
    QTimer *m_searchDelay;
};

} // namespace outpost::ui
