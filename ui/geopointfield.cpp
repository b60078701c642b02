#include "geopointfield.h"

#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>

#include <cmath>

namespace outpost::ui {

namespace {

QLineEdit *numberEdit(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
    edit->setMaximumWidth(240);
    return edit;
}

QString format(double number)
{
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    return locale.toString(number, 'g', QLocale::FloatingPointShortest);
}

} // namespace

GeoPointField::GeoPointField(QWidget *parent)
    : FieldWidget(parent),
      m_latitude(numberEdit(QStringLiteral("latitude"), tr("e.g. %1").arg(format(-8.76)), this)),
      m_longitude(numberEdit(QStringLiteral("longitude"), tr("e.g. %1").arg(format(31.1)), this)),
      m_accuracy(numberEdit(QStringLiteral("accuracy"), tr("optional"), this))
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const QList<std::pair<QString, QLineEdit *>> rows = {
        {tr("Latitude (°)"), m_latitude},
        {tr("Longitude (°)"), m_longitude},
        {tr("Accuracy (m)"), m_accuracy},
    };
    for (int column = 0; column < rows.size(); ++column) {
        auto *label = new QLabel(rows.at(column).first, this);
        label->setBuddy(rows.at(column).second);
        layout->addWidget(label, 0, column);
        layout->addWidget(rows.at(column).second, 1, column);
        connect(rows.at(column).second, &QLineEdit::textEdited, this, &FieldWidget::edited);
    }
    layout->setColumnStretch(rows.size(), 1);
    setFocusProxy(m_latitude);
}

std::optional<double> GeoPointField::parse(const QLineEdit *edit)
{
    const QString text = edit->text().trimmed();
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

QString GeoPointField::inputProblem() const
{
    const bool latTyped = !m_latitude->text().trimmed().isEmpty();
    const bool lonTyped = !m_longitude->text().trimmed().isEmpty();
    const bool accTyped = !m_accuracy->text().trimmed().isEmpty();
    if (!latTyped && !lonTyped && !accTyped)
        return {};
    const auto lat = parse(m_latitude);
    const auto lon = parse(m_longitude);
    const auto acc = parse(m_accuracy);
    if (latTyped && !lat)
        return tr("The latitude is not a number.");
    if (lonTyped && !lon)
        return tr("The longitude is not a number.");
    if (accTyped && !acc)
        return tr("The accuracy is not a number.");
    if (!lat || !lon)
        return tr("Enter both latitude and longitude.");
    if (*lat < -90 || *lat > 90)
        return tr("The latitude must be between -90 and 90.");
    if (*lon < -180 || *lon > 180)
        return tr("The longitude must be between -180 and 180.");
    if (acc && *acc < 0)
        return tr("The accuracy cannot be negative.");
    return {};
}

QJsonValue GeoPointField::value() const
{
    const auto lat = parse(m_latitude);
    const auto lon = parse(m_longitude);
    if (!lat || !lon || !inputProblem().isEmpty())
        return QJsonValue::Undefined;
    QJsonObject point{{QStringLiteral("lat"), *lat}, {QStringLiteral("lon"), *lon}};
    if (m_altitude)
        point.insert(QStringLiteral("altitude"), *m_altitude);
    if (const auto acc = parse(m_accuracy))
        point.insert(QStringLiteral("accuracy"), *acc);
    return point;
}

void GeoPointField::setValue(const QJsonValue &value)
{
    const QJsonObject point = value.toObject();
    const auto text = [&point](const char *key) {
        const QJsonValue member = point.value(QLatin1String(key));
        return member.isDouble() ? format(member.toDouble()) : QString();
    };
    m_latitude->setText(text("lat"));
    m_longitude->setText(text("lon"));
    m_accuracy->setText(text("accuracy"));
    const QJsonValue altitude = point.value(QStringLiteral("altitude"));
    m_altitude = altitude.isDouble() ? std::optional<double>(altitude.toDouble()) : std::nullopt;
}

void GeoPointField::setReadOnly(bool readOnly)
{
    for (QLineEdit *edit : {m_latitude, m_longitude, m_accuracy})
        edit->setReadOnly(readOnly);
}

} // namespace outpost::ui
