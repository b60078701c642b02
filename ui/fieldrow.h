// One question of the editor: its label (with a required mark), hint, input widget and,
// beside it, the message of the first problem with its answer. A note is a row with only
// its text. Bound to one record path ("members[2].age"). UI thread only.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QLabel;

namespace outpost {
struct FieldDefinition;
}

namespace outpost::ui {

class EditorContext;
class FieldWidget;

class FieldRow : public QWidget
{
    Q_OBJECT

public:
    // context: not owned, outlives the row. The row's object name is "row:<path>".
    FieldRow(const FieldDefinition &field, const QString &path, EditorContext *context,
             QWidget *parent = nullptr);

    const QString &path() const { return m_path; }
    FieldWidget *input() const { return m_input; } // null for a note
    const FieldDefinition &definition() const { return *m_field; }

    // Shows the live state: hidden when not relevant, the required mark, read-only.
    void applyState(bool relevant, bool required, bool readOnly);
    // A select's offered choices now (FieldState::choices when filtered, else nullopt: all).
    void offerChoices(const std::optional<QStringList> &names);
    // The message beside the field; empty hides it.
    void setMessage(const QString &message);
    QString message() const;
    bool isRequiredMarked() const { return m_required; }
    // A problem with what was typed (the input's), shown before any validation message.
    QString inputProblem() const;

private:
    void updateLabel();

    const FieldDefinition *m_field; // not owned: inside the context's form
    QString m_path;
    EditorContext *m_context; // not owned
    QLabel *m_label;
    QLabel *m_message;
    FieldWidget *m_input = nullptr;
    bool m_required = false;
};

} // namespace outpost::ui
