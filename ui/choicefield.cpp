#include "choicefield.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "theme.h"

namespace outpost::ui {

ChoiceField::ChoiceField(const QStringList &names, const QStringList &labels, QWidget *parent)
    : FieldWidget(parent), m_names(names)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    if (names.size() <= kMaxRadioChoices) {
        m_group = new QButtonGroup(this);
        for (int i = 0; i < names.size(); ++i) {
            auto *radio = new QRadioButton(labels.value(i), this);
            radio->setObjectName(QStringLiteral("choice:%1").arg(names.at(i)));
            radio->setMinimumHeight(kTouchTargetPx);
            m_group->addButton(radio, i);
            layout->addWidget(radio);
        }
        m_clear = new QPushButton(tr("Clear answer"), this);
        m_clear->setObjectName(QStringLiteral("clear"));
        auto *row = new QHBoxLayout;
        row->addWidget(m_clear);
        row->addStretch();
        layout->addLayout(row);
        connect(m_group, &QButtonGroup::idClicked, this, [this] {
            updateClear();
            Q_EMIT edited();
        });
        connect(m_clear, &QPushButton::clicked, this, [this] {
            select(-1);
            Q_EMIT edited();
        });
        if (!m_group->buttons().isEmpty())
            setFocusProxy(m_group->buttons().first());
        updateClear();
    } else {
        m_combo = new QComboBox(this);
        m_combo->setObjectName(QStringLiteral("input"));
        m_combo->addItem(tr("— choose —"));
        for (int i = 0; i < names.size(); ++i)
            m_combo->addItem(labels.value(i), names.at(i));
        m_combo->setMaximumWidth(480);
        layout->addWidget(m_combo);
        setFocusProxy(m_combo);
        connect(m_combo, &QComboBox::activated, this, &FieldWidget::edited);
    }
}

void ChoiceField::select(int index)
{
    if (m_combo) {
        m_combo->setCurrentIndex(index + 1);
        return;
    }
    if (index < 0) {
        // An exclusive group cannot uncheck its checked button.
        m_group->setExclusive(false);
        for (QAbstractButton *button : m_group->buttons())
            button->setChecked(false);
        m_group->setExclusive(true);
    } else if (QAbstractButton *button = m_group->button(index)) {
        button->setChecked(true);
    }
    updateClear();
}

void ChoiceField::updateClear()
{
    if (m_clear)
        m_clear->setVisible(!m_readOnly && m_group->checkedId() >= 0);
}

QJsonValue ChoiceField::value() const
{
    const int index = m_combo ? m_combo->currentIndex() - 1 : m_group->checkedId();
    if (index < 0 || index >= m_names.size())
        return QJsonValue::Undefined;
    return m_names.at(index);
}

void ChoiceField::setValue(const QJsonValue &value)
{
    select(static_cast<int>(m_names.indexOf(value.toString())));
}

void ChoiceField::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (m_combo)
        m_combo->setEnabled(!readOnly);
    else
        for (QAbstractButton *button : m_group->buttons())
            button->setEnabled(!readOnly || button->isChecked());
    updateClear();
}

} // namespace outpost::ui
