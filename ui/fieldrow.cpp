#include "fieldrow.h"

#include <QLabel>
#include <QVBoxLayout>

#include "editorcontext.h"
#include "fielddefinition.h"
#include "fieldwidget.h"
#include "fieldwidgetfactory.h"
#include "recordvalues.h"

namespace outpost::ui {

FieldRow::FieldRow(const FieldDefinition &field, const QString &path, EditorContext *context,
                   QWidget *parent)
    : QWidget(parent), m_field(&field), m_path(path), m_context(context), m_label(new QLabel(this)),
      m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("row:%1").arg(path));
    m_label->setObjectName(QStringLiteral("label"));
    m_message->setObjectName(QStringLiteral("message"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setProperty("role", QStringLiteral("error"));
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 6);
    layout->setSpacing(4);
    layout->addWidget(m_label);
    if (field.type == FieldType::Note) {
        m_label->setProperty("role", QStringLiteral("note"));
        m_label->setStyleSheet(QStringLiteral("background: #fff4c2; border-left: 4px solid "
                                              "#8a6d00; padding: 8px;"));
    } else {
        QFont bold = m_label->font();
        bold.setBold(true);
        m_label->setFont(bold);
    }
    const QString hint = context->text(field.hint);
    if (!hint.isEmpty()) {
        auto *hintLabel = new QLabel(hint, this);
        hintLabel->setObjectName(QStringLiteral("hint"));
        hintLabel->setWordWrap(true);
        hintLabel->setTextFormat(Qt::PlainText);
        hintLabel->setStyleSheet(QStringLiteral("color: #404040;"));
        layout->addWidget(hintLabel);
    }
    m_input = createFieldWidget(field, context, this);
    if (m_input) {
        m_input->setObjectName(QStringLiteral("field"));
        m_label->setBuddy(m_input);
        layout->addWidget(m_input);
        setFocusProxy(m_input);
        connect(m_input, &FieldWidget::edited, this,
                [this] { Q_EMIT m_context->edited(m_path, m_input->value()); });
        m_input->setValue(RecordValues::get(context->values(), path));
    }
    layout->addWidget(m_message);
    updateLabel();
}

void FieldRow::applyState(bool relevant, bool required, bool readOnly)
{
    setVisible(relevant);
    if (m_input)
        m_input->setReadOnly(readOnly || m_context->isReadOnly());
    if (required != m_required) {
        m_required = required;
        updateLabel();
    }
}

void FieldRow::offerChoices(const std::optional<QStringList> &names)
{
    if (m_input)
        m_input->setOfferedChoices(names);
}

void FieldRow::updateLabel()
{
    const QString text = m_context->text(m_field->label);
    m_label->setText(m_required ? tr("%1 *", "required question").arg(text) : text);
    m_label->setAccessibleDescription(m_required ? tr("required") : QString());
}

void FieldRow::setMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

QString FieldRow::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

QString FieldRow::inputProblem() const
{
    return m_input ? m_input->inputProblem() : QString();
}

} // namespace outpost::ui
