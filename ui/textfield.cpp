#include "textfield.h"

#include <QLineEdit>
#include <QVBoxLayout>

namespace outpost::ui {

namespace {
constexpr int kMaxTextLength = 65536; // characters; docs/forms.md limit for a text value
}

TextField::TextField(QWidget *parent) : FieldWidget(parent), m_edit(new QLineEdit(this))
{
    m_edit->setObjectName(QStringLiteral("input"));
    m_edit->setMaxLength(kMaxTextLength);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textEdited, this, &FieldWidget::edited);
}

QJsonValue TextField::value() const
{
    const QString text = m_edit->text();
    return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
}

void TextField::setValue(const QJsonValue &value)
{
    m_edit->setText(value.isString() ? value.toString() : QString());
}

void TextField::setReadOnly(bool readOnly)
{
    m_edit->setReadOnly(readOnly);
}

} // namespace outpost::ui
