// Makes the input widget for a field's type (docs/forms.md, "Field types and their values").
// UI thread only.
#pragma once

class QWidget;

namespace outpost {
struct FieldDefinition;
}

namespace outpost::ui {

class EditorContext;
class FieldWidget;

// The widget for an input field, with choice labels in the context's language; nullptr for
// types without one (note, calculate, group, repeat). context: not owned, outlives it.
FieldWidget *createFieldWidget(const FieldDefinition &field, EditorContext *context,
                               QWidget *parent);

} // namespace outpost::ui
