// The questions of one scope (the record, or one repeat instance) in display order: a row
// per field, a titled section per group (its children share the scope), a RepeatWidget per
// repeat. Calculate fields have no widget. UI thread only.
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

namespace outpost {
struct FieldDefinition;
}

namespace outpost::ui {

class EditorContext;

class ScopeForm : public QWidget
{
    Q_OBJECT

public:
    // prefix: the record path of the scope with its trailing dot ("" or "members[2].").
    // fields and context: not owned, outlive the widget.
    ScopeForm(const QList<FieldDefinition> &fields, const QString &prefix, EditorContext *context,
              QWidget *parent = nullptr);

    // The record path of a group section is its "recordPath" property (object name
    // "group:<path>").
    static const char *const kRecordPathProperty;
};

} // namespace outpost::ui
