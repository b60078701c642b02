#include "multichoicefield.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QVBoxLayout>

#include "theme.h"

namespace outpost::ui {

MultiChoiceField::MultiChoiceField(const QStringList &names, const QStringList &labels,
                                   QWidget *parent)
    : FieldWidget(parent), m_names(names)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (int i = 0; i < names.size(); ++i) {
        auto *box = new QCheckBox(labels.value(i), this);
        box->setObjectName(QStringLiteral("choice:%1").arg(names.at(i)));
        box->setMinimumHeight(kTouchTargetPx);
        layout->addWidget(box);
        m_boxes.append(box);
        connect(box, &QCheckBox::clicked, this, [this] {
            updateVisibility(); // an unchecked choice that is not offered goes away
            Q_EMIT edited();
        });
    }
    if (!m_boxes.isEmpty())
        setFocusProxy(m_boxes.first());
}

QJsonValue MultiChoiceField::value() const
{
    QJsonArray names;
    for (int i = 0; i < m_boxes.size(); ++i) {
        if (m_boxes.at(i)->isChecked())
            names.append(m_names.at(i));
    }
    return names.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(names);
}

void MultiChoiceField::setValue(const QJsonValue &value)
{
    const QJsonArray chosen = value.toArray();
    for (int i = 0; i < m_boxes.size(); ++i)
        m_boxes.at(i)->setChecked(chosen.contains(m_names.at(i)));
    updateVisibility();
}

void MultiChoiceField::setOfferedChoices(const std::optional<QStringList> &names)
{
    m_offered = names;
    updateVisibility();
}

void MultiChoiceField::updateVisibility()
{
    for (int i = 0; i < m_boxes.size(); ++i) {
        QCheckBox *box = m_boxes.at(i);
        const bool offered = !m_offered || m_offered->contains(m_names.at(i));
        box->setVisible(offered || box->isChecked());
    }
}

void MultiChoiceField::setReadOnly(bool readOnly)
{
    for (QCheckBox *box : std::as_const(m_boxes))
        box->setEnabled(!readOnly);
}

} // namespace outpost::ui
