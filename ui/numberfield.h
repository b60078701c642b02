// An integer or decimal field, typed in the device's number format (decimal comma where the
// locale uses one; the C format "3.5" is accepted too). The value is a JSON number.
// UI thread only.
#pragma once

#include "fieldwidget.h"

#include <optional>

class QLineEdit;

namespace outpost::ui {

class NumberField : public FieldWidget
{
    Q_OBJECT

public:
    // integer: whole numbers only, |n| <= 2^53.
    explicit NumberField(bool integer, QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;
    QString inputProblem() const override;

private:
    // The number typed, if the text is one; nullopt otherwise (and for an empty text).
    std::optional<double> parse() const;

    bool m_integer;
    QLineEdit *m_edit;
};

} // namespace outpost::ui
