// A select_one field: radio buttons for a short list (every choice visible, one tap), a
// combo box for a long one. The value is the chosen choice's name. With a choice_filter only
// the offered choices are listed (setOfferedChoices). UI thread only.
#pragma once

#include <QList>

#include "fieldwidget.h"

class QButtonGroup;
class QComboBox;
class QPushButton;

namespace outpost::ui {

class ChoiceField : public FieldWidget
{
    Q_OBJECT

public:
    // Lists with more choices than this are shown as a combo box.
    static constexpr int kMaxRadioChoices = 6;

    // names and labels: the choices in display order (labels already in the form's language).
    ChoiceField(const QStringList &names, const QStringList &labels, QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;
    void setOfferedChoices(const std::optional<QStringList> &names) override;

    bool usesRadioButtons() const { return m_group != nullptr; }

private:
    void select(int index); // -1: none
    void updateClear();
    void fillCombo();        // "not answered", the offered choices, and the chosen one
    void updateVisibility(); // radio buttons: the offered ones and the chosen one
    bool isOffered(int index) const;

    QStringList m_names;
    QStringList m_labels;
    std::optional<QStringList> m_offered; // nullopt: every choice
    QButtonGroup *m_group = nullptr;      // radio buttons, or
    QComboBox *m_combo = nullptr;         // a combo box whose item 0 is "not answered"
    QPushButton *m_clear = nullptr;       // radio buttons only: back to unanswered
    bool m_readOnly = false;
};

} // namespace outpost::ui
