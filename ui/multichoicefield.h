// A select_multiple field: one check box per choice. The value is the array of the checked
// choices' names, in the list's order. With a choice_filter only the offered choices (and the
// checked ones) are shown (setOfferedChoices). UI thread only.
#pragma once

#include <QList>

#include "fieldwidget.h"

class QCheckBox;

namespace outpost::ui {

class MultiChoiceField : public FieldWidget
{
    Q_OBJECT

public:
    // names and labels: the choices in display order (labels already in the form's language).
    MultiChoiceField(const QStringList &names, const QStringList &labels,
                     QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;
    void setOfferedChoices(const std::optional<QStringList> &names) override;

private:
    void updateVisibility();

    QStringList m_names;
    QList<QCheckBox *> m_boxes;           // parallel to m_names
    std::optional<QStringList> m_offered; // nullopt: every choice
};

} // namespace outpost::ui
