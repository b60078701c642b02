// A repeat group: its instances, each a sub-form with a Remove button, and an Add button.
// Add is disabled at max_count, Remove at min_count; removing an instance that holds
// answers asks first. A repeat whose number of instances is an expression (repeat_count) has
// neither button: its instances follow the count (the editor applies RepeatCounts::follow) and
// a note says so. The instances shown follow the editor's values: after the editor adds or
// removes one it calls rebuild(). Object name "repeat:<path>". UI thread only.
#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace outpost {
struct FieldDefinition;
}

namespace outpost::ui {

class EditorContext;

class RepeatWidget : public QWidget
{
    Q_OBJECT

public:
    // field and context: not owned, outlive the widget. path: the repeat's record path.
    RepeatWidget(const FieldDefinition &field, const QString &path, EditorContext *context,
                 QWidget *parent = nullptr);

    const QString &path() const { return m_path; }
    int instanceCount() const { return m_count; }
    // Rebuilds the instances' widgets from the context's values.
    void rebuild();
    void applyState(bool relevant);
    void setMessage(const QString &message); // e.g. the count issue; empty hides it
    QString message() const;
    QPushButton *addButton() const { return m_add; }
    QList<QPushButton *> removeButtons() const { return m_removes; }

private:
    void updateButtons();
    void onRemove(int index);

    const FieldDefinition *m_field; // not owned
    QString m_path;
    EditorContext *m_context; // not owned
    QVBoxLayout *m_instances;
    QLabel *m_message;
    QPushButton *m_add;
    QList<QPushButton *> m_removes;
    int m_count = 0;
};

} // namespace outpost::ui
