#include "geopointfield.h"

#include <QGeoPositionInfoSource>
#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

#include <cmath>

#include "devicesensors.h"
#include "theme.h"

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

GeoPointField::GeoPointField(QWidget *parent, const DeviceSensors *sensors)
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

    if (sensors && sensors->createPositionSource)
        m_source = sensors->createPositionSource(this);
    if (!m_source)
        return; // typing only
    m_locate = new QPushButton(tr("Use my position"), this);
    m_locate->setObjectName(QStringLiteral("locate"));
    m_positionStatus = new QLabel(this);
    m_positionStatus->setObjectName(QStringLiteral("positionStatus"));
    m_positionStatus->setWordWrap(true);
    m_positionStatus->hide();
    layout->addWidget(m_locate, 2, 0);
    layout->addWidget(m_positionStatus, 2, 1, 1, rows.size());
    connect(m_locate, &QPushButton::clicked, this, &GeoPointField::locate);
    connect(m_source, &QGeoPositionInfoSource::positionUpdated, this, &GeoPointField::onPosition);
    connect(m_source, &QGeoPositionInfoSource::errorOccurred, this,
            [this](QGeoPositionInfoSource::Error error) { onPositionError(error); });
}

void GeoPointField::locate()
{
    if (!m_source || !m_locate->isEnabled())
        return;
    m_locate->setEnabled(false);
    showPositionStatus(
        tr("Finding your position… (up to %n second(s))", nullptr, kPositionTimeoutMs / 1000),
        false);
    m_source->setPreferredPositioningMethods(QGeoPositionInfoSource::AllPositioningMethods);
    m_source->requestUpdate(kPositionTimeoutMs);
}

void GeoPointField::onPosition(const QGeoPositionInfo &info)
{
    m_locate->setEnabled(true);
    const QGeoCoordinate coordinate = info.coordinate();
    if (!coordinate.isValid()) {
        onPositionError(QGeoPositionInfoSource::UnknownSourceError);
        return;
    }
    m_latitude->setText(format(coordinate.latitude()));
    m_longitude->setText(format(coordinate.longitude()));
    const bool hasAccuracy = info.hasAttribute(QGeoPositionInfo::HorizontalAccuracy);
    const double accuracyM = info.attribute(QGeoPositionInfo::HorizontalAccuracy);
    m_accuracy->setText(hasAccuracy ? format(std::round(accuracyM * 10) / 10) : QString());
    m_altitude = coordinate.type() == QGeoCoordinate::Coordinate3D
                     ? std::optional<double>(coordinate.altitude())
                     : std::nullopt;
    showPositionStatus(
        hasAccuracy
            ? tr("Position found, accurate to about %1 m.").arg(format(std::round(accuracyM)))
            : tr("Position found (accuracy unknown)."),
        false);
    Q_EMIT edited();
}

void GeoPointField::onPositionError(int error)
{
    m_locate->setEnabled(true);
    QString text;
    switch (error) {
    case QGeoPositionInfoSource::UpdateTimeoutError:
        text = tr("No position within %n second(s). Move to open sky and try again, or type "
                  "the coordinates.",
                  nullptr, kPositionTimeoutMs / 1000);
        break;
    case QGeoPositionInfoSource::AccessError:
        text = tr("This device does not let Outpost use its position (check the location "
                  "settings). Type the coordinates instead.");
        break;
    default:
        text = tr("The position source does not answer. Type the coordinates instead.");
        break;
    }
    showPositionStatus(text, true);
}

void GeoPointField::showPositionStatus(const QString &text, bool problem)
{
    setProblemStyle(m_positionStatus, problem);
    m_positionStatus->setText(text);
    m_positionStatus->show();
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
    if (m_locate)
        m_locate->setVisible(!readOnly);
}

} // namespace outpost::ui
