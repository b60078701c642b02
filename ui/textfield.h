// A text field: one line of free text; the value is the string as typed. UI thread only.
#pragma once

#include "fieldwidget.h"

class QLineEdit;

namespace outpost::ui {

class TextField : public FieldWidget
{
    Q_OBJECT

public:
    explicit TextField(QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;

private:
    QLineEdit *m_edit;
};

} // namespace outpost::ui
