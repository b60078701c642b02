#include "datetimefield.h"

#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QPushButton>
#include <QRegularExpression>

namespace outpost::ui {

DateTimeField::DateTimeField(FieldType type, QWidget *parent)
    : FieldWidget(parent), m_type(type), m_edit(new QDateTimeEdit(this)),
      m_start(new QPushButton(this)), m_clear(new QPushButton(tr("Clear"), this))
{
    m_edit->setObjectName(QStringLiteral("input"));
    m_start->setObjectName(QStringLiteral("start"));
    m_clear->setObjectName(QStringLiteral("clear"));
    switch (type) {
    case FieldType::Date:
        m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        m_edit->setCalendarPopup(true);
        m_start->setText(tr("Enter a date (starts at today)"));
        break;
    case FieldType::Time:
        m_edit->setDisplayFormat(QStringLiteral("HH:mm"));
        m_start->setText(tr("Enter a time (starts at now)"));
        break;
    default:
        m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        m_edit->setCalendarPopup(true);
        m_start->setText(tr("Enter date and time (starts at now)"));
        break;
    }
    m_edit->setTimeSpec(Qt::LocalTime);
    m_edit->setMaximumWidth(320);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_start);
    layout->addWidget(m_edit);
    layout->addWidget(m_clear);
    layout->addStretch();
    connect(m_start, &QPushButton::clicked, this, &DateTimeField::onStart);
    connect(m_clear, &QPushButton::clicked, this, &DateTimeField::onClear);
    connect(m_edit, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (m_answered)
            Q_EMIT edited();
    });
    setAnswered(false);
}

void DateTimeField::setAnswered(bool answered)
{
    m_answered = answered;
    m_start->setVisible(!answered && !m_readOnly);
    m_edit->setVisible(answered);
    m_clear->setVisible(answered && !m_readOnly);
    setFocusProxy(answered ? static_cast<QWidget *>(m_edit) : m_start);
}

void DateTimeField::onStart()
{
    QDateTime now = QDateTime::currentDateTime();
    now.setTime(QTime(now.time().hour(), now.time().minute()));
    {
        const QSignalBlocker blocker(m_edit);
        m_edit->setDateTime(now);
    }
    setAnswered(true);
    m_edit->setFocus();
    Q_EMIT edited();
}

void DateTimeField::onClear()
{
    setAnswered(false);
    m_start->setFocus();
    Q_EMIT edited();
}

QJsonValue DateTimeField::value() const
{
    if (!m_answered)
        return QJsonValue::Undefined;
    switch (m_type) {
    case FieldType::Date:
        return m_edit->date().toString(Qt::ISODate);
    case FieldType::Time:
        return m_edit->time().toString(QStringLiteral("HH:mm"));
    default: {
        // Local wall time with the device's UTC offset at that moment: "…T10:30:00+02:00".
        const QDateTime local = m_edit->dateTime();
        const QDateTime withOffset =
            QDateTime(local.date(), local.time(), Qt::OffsetFromUTC, local.offsetFromUtc());
        return withOffset.toString(Qt::ISODate);
    }
    }
}

void DateTimeField::setValue(const QJsonValue &value)
{
    const QString text = value.toString();
    const QSignalBlocker blocker(m_edit);
    bool answered = false;
    switch (m_type) {
    case FieldType::Date: {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        answered = date.isValid();
        if (answered)
            m_edit->setDate(date);
        break;
    }
    case FieldType::Time: {
        // "HH:MM[:SS[.fff]]" with an optional offset, which the editor does not show.
        static const QRegularExpression kOffset(QStringLiteral("[Z+-]"));
        const qsizetype cut = text.indexOf(kOffset);
        const QTime time = QTime::fromString(cut > 0 ? text.left(cut) : text, Qt::ISODateWithMs);
        answered = time.isValid();
        if (answered)
            m_edit->setTime(time);
        break;
    }
    default: {
        const QDateTime dateTime = QDateTime::fromString(text, Qt::ISODate);
        answered = dateTime.isValid();
        if (answered)
            m_edit->setDateTime(dateTime.toLocalTime());
        break;
    }
    }
    setAnswered(answered);
}

void DateTimeField::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_edit->setReadOnly(readOnly);
    setAnswered(m_answered);
}

} // namespace outpost::ui
