// The supervisor's open conflicts: a list, and for the chosen conflict one row per field with
// the base value, the device's value and the server's value side by side (rows where the two
// sides differ are highlighted), who sent the device's change and when. Per field the
// supervisor keeps a side or types a value, then resolves: the decision leaves as a
// reviewqueue action (decisionMade) that the sync engine sends until the server has it.
// UI thread only; the store is not owned.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QWidget>

#include "formlabels.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class ReviewConflicts : public QWidget
{
    Q_OBJECT

public:
    // Columns of the field table.
    enum Column
    {
        FieldColumn,
        BaseColumn,
        DeviceColumn,
        ServerColumn,
        ChoiceColumn,
        ValueColumn
    };
    // Choices of a row (the combo box's index).
    enum Choice
    {
        KeepServer,
        TakeDevice,
        TakeBase,
        Typed
    };

    // The field column's items hold the field's key here (the text is its label) and in
    // Qt::UserRole whether the two sides differ.
    static constexpr int KeyRole = Qt::UserRole + 1;

    explicit ReviewConflicts(LocalStore *store, QWidget *parent = nullptr);

    void reload(); // open conflicts from the store, less those already resolved here
    int conflictCount() const;
    // Chooses a side for a field (its key) of the shown conflict (Typed: value is the typed
    // text). The table shows the field's label; the key is in the row's KeyRole.
    void choose(const QString &field, Choice choice, const QString &typed = {});
    // Queues the resolution of the shown conflict. False if none is shown.
    bool resolve();

Q_SIGNALS:
    void decisionMade(const QJsonObject &action);

private:
    void showConflict(int row);
    QJsonValue chosenValue(int row) const;

    LocalStore *m_store; // not owned
    FormLabels m_labels;
    QListWidget *m_list;
    QLabel *m_detail;
    QTableWidget *m_fields;
    QPushButton *m_resolve;
    QJsonArray m_conflicts;      // the listed ones (ConflictInfo JSON)
    QJsonObject m_shown;         // the one in the table
    QSet<qint64> m_resolvedHere; // queued from this page, until the store says so
};

} // namespace outpost::ui
