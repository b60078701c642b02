// The input control of one field: turns what the person enters into the field's value, in
// the JSON shape docs/forms.md gives for its type, and back. Subclasses per type family.
// UI thread only.
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

namespace outpost::ui {

class FieldWidget : public QWidget
{
    Q_OBJECT

public:
    explicit FieldWidget(QWidget *parent = nullptr) : QWidget(parent) {}

    // The value now; Undefined when unanswered, or when what was typed is not a usable
    // value (then inputProblem() says why). Never a malformed value: drafts must not hold
    // one (the server refuses them).
    virtual QJsonValue value() const = 0;
    // Shows a stored value. Does not emit edited().
    virtual void setValue(const QJsonValue &value) = 0;
    virtual void setReadOnly(bool readOnly) = 0;
    // Why the entered text is not a value ("Enter a whole number."); empty when there is
    // no such problem.
    virtual QString inputProblem() const { return {}; }
    // Select widgets: the choices to list now (a choice_filter's result), or nullopt for
    // all of them. A chosen answer stays listed even when it is not offered, so that nothing
    // disappears silently (validation says it is not offered). Does not emit edited().
    virtual void setOfferedChoices(const std::optional<QStringList> &names) { Q_UNUSED(names); }

Q_SIGNALS:
    // The person changed the value (each key stroke, choice, pick).
    void edited();
};

} // namespace outpost::ui
