#include "numberfield.h"

#include <QLineEdit>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

namespace outpost::ui {

namespace {
constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53: JSON numbers stay exact
}

NumberField::NumberField(bool integer, QWidget *parent)
    : FieldWidget(parent), m_integer(integer), m_edit(new QLineEdit(this))
{
    m_edit->setObjectName(QStringLiteral("input"));
    m_edit->setInputMethodHints(integer ? Qt::ImhFormattedNumbersOnly | Qt::ImhDigitsOnly
                                        : Qt::ImhFormattedNumbersOnly);
    m_edit->setMaximumWidth(320);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textEdited, this, &FieldWidget::edited);
}

std::optional<double> NumberField::parse() const
{
    const QString text = m_edit->text().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    double number = QLocale().toDouble(text, &ok);
    if (!ok)
        number = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(number))
        return std::nullopt;
    return number;
}

QJsonValue NumberField::value() const
{
    if (!inputProblem().isEmpty())
        return QJsonValue::Undefined;
    const auto number = parse();
    return number ? QJsonValue(*number) : QJsonValue(QJsonValue::Undefined);
}

QString NumberField::inputProblem() const
{
    if (m_edit->text().trimmed().isEmpty())
        return {};
    const auto number = parse();
    if (!number)
        return m_integer ? tr("Enter a whole number.") : tr("Enter a number.");
    if (m_integer && std::trunc(*number) != *number)
        return tr("Enter a whole number.");
    if (m_integer && std::abs(*number) > kMaxExactInteger)
        return tr("This number is too large.");
    return {};
}

void NumberField::setValue(const QJsonValue &value)
{
    if (!value.isDouble()) {
        m_edit->clear();
        return;
    }
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    const double number = value.toDouble();
    m_edit->setText(m_integer ? locale.toString(static_cast<qint64>(number))
                              : locale.toString(number, 'g', QLocale::FloatingPointShortest));
}

void NumberField::setReadOnly(bool readOnly)
{
    m_edit->setReadOnly(readOnly);
}

} // namespace outpost::ui
