// A date, datetime or time field. Unanswered, it shows a button that starts with today /
// now; answered, an editor (calendar pop-up for dates) and a Clear button. Values:
// date "YYYY-MM-DD", datetime "YYYY-MM-DDTHH:MM:SS+HH:MM" (the device's offset), time
// "HH:MM" (docs/forms.md). UI thread only.
#pragma once

#include "fieldtype.h"
#include "fieldwidget.h"

class QDateTimeEdit;
class QPushButton;

namespace outpost::ui {

class DateTimeField : public FieldWidget
{
    Q_OBJECT

public:
    // type: FieldType::Date, DateTime or Time.
    explicit DateTimeField(FieldType type, QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;

private:
    void setAnswered(bool answered);
    void onStart();
    void onClear();

    FieldType m_type;
    QDateTimeEdit *m_edit;
    QPushButton *m_start; // "Today" / "Now": shown while unanswered
    QPushButton *m_clear;
    bool m_answered = false;
    bool m_readOnly = false;
};

} // namespace outpost::ui
