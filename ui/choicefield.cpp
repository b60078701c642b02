#include "choicefield.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "theme.h"

#include <algorithm>

namespace outpost::ui {

ChoiceField::ChoiceField(const QStringList &names, const QStringList &labels, QWidget *parent)
    : FieldWidget(parent), m_names(names), m_labels(labels)
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
            updateVisibility();
            updateClear();
            Q_EMIT edited();
        });
        connect(m_clear, &QPushButton::clicked, this, [this] {
            select(-1); // a chosen choice that is not offered disappears with it
            Q_EMIT edited();
        });
        if (!m_group->buttons().isEmpty())
            setFocusProxy(m_group->buttons().first());
        updateClear();
    } else {
        m_combo = new QComboBox(this);
        m_combo->setObjectName(QStringLiteral("input"));
        fillCombo();
        m_combo->setMaximumWidth(480);
        layout->addWidget(m_combo);
        setFocusProxy(m_combo);
        connect(m_combo, &QComboBox::activated, this, &FieldWidget::edited);
    }
}

void ChoiceField::fillCombo()
{
    const QString chosen = value().toString();
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    m_combo->addItem(tr("— choose —"));
    for (int i = 0; i < m_names.size(); ++i) {
        const QString &name = m_names.at(i);
        const bool offered = isOffered(i);
        if (offered || name == chosen)
            m_combo->addItem(
                offered ? m_labels.value(i) : tr("%1 (not offered)").arg(m_labels.value(i)), name);
    }
    m_combo->setCurrentIndex(std::max(0, m_combo->findData(chosen)));
}

void ChoiceField::setOfferedChoices(const std::optional<QStringList> &names)
{
    const bool changed = names != m_offered;
    m_offered = names;
    if (m_combo) {
        if (changed)
            fillCombo();
        return;
    }
    updateVisibility();
}

bool ChoiceField::isOffered(int index) const
{
    return !m_offered || m_offered->contains(m_names.value(index));
}

void ChoiceField::updateVisibility()
{
    for (int i = 0; i < m_names.size(); ++i) {
        QAbstractButton *button = m_group->button(i);
        button->setVisible(isOffered(i) || button->isChecked());
    }
}

void ChoiceField::select(int index)
{
    if (m_combo) {
        if (index < 0) {
            m_combo->setCurrentIndex(0);
            return;
        }
        if (m_combo->findData(m_names.value(index)) < 0)
            m_combo->addItem(isOffered(index) ? m_labels.value(index)
                                              : tr("%1 (not offered)").arg(m_labels.value(index)),
                             m_names.at(index));
        m_combo->setCurrentIndex(m_combo->findData(m_names.value(index)));
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
    updateVisibility();
    updateClear();
}

void ChoiceField::updateClear()
{
    if (m_clear)
        m_clear->setVisible(!m_readOnly && m_group->checkedId() >= 0);
}

QJsonValue ChoiceField::value() const
{
    if (m_combo) {
        const QString name = m_combo->currentData().toString();
        return name.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(name);
    }
    const int index = m_group->checkedId();
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
