// The unlocked home screen: the forms on this device and, for the chosen form, its records
// with search and a status filter; "New record", open a record (activate its row), delete
// one (asks first; soft delete). The record editor opens in place of the lists (this page
// hosts both in a stack) and Back returns to them. UI thread only; the store is not owned.
#pragma once

#include <QUuid>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace outpost {
class LocalStore;
class SyncController;
} // namespace outpost

namespace outpost::ui {

class RecordEditor;
class RecordListModel;
class ReviewPage;

class HomePage : public QWidget
{
    Q_OBJECT

public:
    explicit HomePage(LocalStore *store, QWidget *parent = nullptr);
    ~HomePage() override; // an open editor saves first, while the lists still exist

    void reloadForms();
    RecordListModel *recordModel() const { return m_records; }
    QString currentFormId() const; // the form chosen in the list; empty if none

    // Opens the editor on a new record of the form (nothing is stored until a change).
    // nullptr (with the reason shown) if the form cannot be read.
    RecordEditor *newRecord(const QString &formId);
    // Opens the editor on a stored record, with its own form version.
    RecordEditor *openRecord(const QUuid &id);
    RecordEditor *editor() const { return m_editor; } // null while the lists show
    // Asks, then soft-deletes the record. False if the person said no or the store refused.
    bool deleteRecord(const QUuid &id);
    // Back to the lists (the editor saves and goes away).
    void showList();

    // Review (supervisors only; see ReviewPage): decisions go to the sync controller (not
    // owned), whose cycles refresh what the page shows and whether the entry is offered.
    void setSync(SyncController *sync);
    ReviewPage *openReview();                       // null unless this person supervises a team
    ReviewPage *review() const { return m_review; } // null while not shown
    void refreshReview();

Q_SIGNALS:
    void editorOpened(outpost::ui::RecordEditor *editor);
    void editorClosed();

private:
    void onFormChosen();
    void applyFilter();
    void updateCount();
    void updateActions();
    void showEditor(RecordEditor *editor);
    void showError(const QString &message);
    QUuid selectedRecord() const;

    LocalStore *m_store; // not owned
    QStackedWidget *m_pages;
    QWidget *m_listPage;
    QListWidget *m_forms;
    QLineEdit *m_search;
    QComboBox *m_statusFilter;
    QLabel *m_count;
    QLabel *m_error;
    QPushButton *m_new;
    QPushButton *m_open;
    QPushButton *m_delete;
    QTableView *m_table;
    RecordListModel *m_records;
    QTimer *m_searchDelay;
    RecordEditor *m_editor = nullptr; // owned through m_pages while shown
    QPushButton *m_reviewButton = nullptr;
    ReviewPage *m_review = nullptr;   // owned through m_pages while shown
    SyncController *m_sync = nullptr; // not owned
};

} // namespace outpost::ui
