#include "repeatwidget.h"

#include <QFrame>

#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>
#include <algorithm>

#include "confirmation.h"
#include "editorcontext.h"
#include "fielddefinition.h"
#include "fieldvalue.h"
#include "recordvalues.h"
#include "scopeform.h"

namespace outpost::ui {

namespace {

constexpr int kMaxInstances = 10000; // docs/forms.md limit when max_count is not given

void collectCalculated(const QList<FieldDefinition> &fields, QSet<QString> &names)
{
    for (const FieldDefinition &field : fields) {
        if (field.type == FieldType::Calculate)
            names.insert(field.name);
        collectCalculated(field.fields, names);
    }
}

// Whether a person typed or chose anything in this value (calculated members do not count).
bool isAnswered(const QJsonValue &value, const QSet<QString> &calculated)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!calculated.contains(it.key()) && isAnswered(it.value(), calculated))
                return true;
        }
        return false;
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(), [&calculated](const QJsonValue &item) {
            return isAnswered(item, calculated);
        });
    }
    return !FieldValue::isEmpty(value);
}

} // namespace

RepeatWidget::RepeatWidget(const FieldDefinition &field, const QString &path,
                           EditorContext *context, QWidget *parent)
    : QWidget(parent), m_field(&field), m_path(path), m_context(context),
      m_instances(new QVBoxLayout), m_message(new QLabel(this)), m_add(new QPushButton(this))
{
    setObjectName(QStringLiteral("repeat:%1").arg(path));
    auto *title = new QLabel(context->text(field.label), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);
    title->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setProperty("role", QStringLiteral("error"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_add->setObjectName(QStringLiteral("add"));
    m_add->setText(tr("Add: %1").arg(context->text(field.label)));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 12, 0, 6);
    layout->addWidget(title);
    layout->addLayout(m_instances);
    if (field.hasRepeatCount()) {
        auto *note = new QLabel(tr("The number of entries follows the answers above."), this);
        note->setObjectName(QStringLiteral("countNote"));
        note->setWordWrap(true);
        note->setStyleSheet(QStringLiteral("color: #404040;"));
        layout->addWidget(note);
    }
    layout->addWidget(m_message);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addStretch();
    layout->addLayout(buttons);
    setStyleSheet(QStringLiteral("QFrame[repeatInstance=\"true\"] { border: 1px solid #9aa7b8;"
                                 " border-left: 6px solid #004fa3; border-radius: 4px; }"));
    connect(m_add, &QPushButton::clicked, this,
            [this] { Q_EMIT m_context->addInstanceRequested(m_path); });
    rebuild();
}

void RepeatWidget::rebuild()
{
    while (QLayoutItem *item = m_instances->takeAt(0)) {
        if (QWidget *widget = item->widget()) {
            // A Remove button may be the sender being handled: delete later, unlink now so
            // the editor never finds the old rows.
            widget->hide();
            widget->setParent(nullptr);
            widget->deleteLater();
        }
        delete item;
    }
    m_removes.clear();
    const QJsonArray instances = RecordValues::get(m_context->values(), m_path).toArray();
    m_count = static_cast<int>(instances.size());
    const QString label = m_context->text(m_field->label);
    for (int i = 0; i < m_count; ++i) {
        auto *frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("instance:%1[%2]").arg(m_path).arg(i + 1));
        frame->setProperty("repeatInstance", true);
        auto *frameLayout = new QVBoxLayout(frame);
        auto *header = new QHBoxLayout;
        auto *number = new QLabel(tr("%1 — %2").arg(label).arg(i + 1), frame);
        QFont bold = number->font();
        bold.setBold(true);
        number->setFont(bold);
        auto *remove = new QPushButton(tr("Remove"), frame);
        remove->setObjectName(QStringLiteral("remove"));
        header->addWidget(number, 1);
        header->addWidget(remove);
        frameLayout->addLayout(header);
        frameLayout->addWidget(new ScopeForm(
            m_field->fields, QStringLiteral("%1[%2].").arg(m_path).arg(i + 1), m_context, frame));
        m_instances->addWidget(frame);
        m_removes.append(remove);
        connect(remove, &QPushButton::clicked, this, [this, i] { onRemove(i); });
    }
    updateButtons();
}

void RepeatWidget::onRemove(int index)
{
    const QJsonObject instance =
        RecordValues::get(m_context->values(), QStringLiteral("%1[%2]").arg(m_path).arg(index + 1))
            .toObject();
    QSet<QString> calculated;
    collectCalculated(m_field->fields, calculated);
    const bool hasAnswers = isAnswered(instance, calculated);
    const QString label = m_context->text(m_field->label);
    if (hasAnswers && !confirmAction(this, tr("Remove %1 %2?").arg(label).arg(index + 1),
                                     tr("Its answers will be removed from this record."),
                                     tr("Remove"), QStringLiteral("confirmRemoveInstance")))
        return;
    Q_EMIT m_context->removeInstanceRequested(m_path, index);
}

void RepeatWidget::updateButtons()
{
    // A count-driven repeat: the count adds and removes instances, not the person.
    const bool editable = !m_context->isReadOnly() && !m_field->hasRepeatCount();
    const int max = m_field->maxCount < 0 ? kMaxInstances : m_field->maxCount;
    m_add->setVisible(editable);
    m_add->setEnabled(m_count < max);
    for (QPushButton *remove : std::as_const(m_removes)) {
        remove->setVisible(editable);
        remove->setEnabled(m_count > m_field->minCount);
    }
}

void RepeatWidget::applyState(bool relevant)
{
    setVisible(relevant);
    updateButtons();
}

void RepeatWidget::setMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

QString RepeatWidget::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

} // namespace outpost::ui
