// A geopoint field: latitude and longitude in decimal degrees and the accuracy in metres,
// typed in the device's number format. The value is {"lat", "lon", "accuracy"?} (an
// altitude already in the value is kept). Both coordinates are needed; out-of-range numbers
// are an input problem, never a value. Where the device has a position source
// (DeviceSensors), "Use my position" asks it once (kPositionTimeoutMs) and fills the fields
// with the position and its accuracy; typing always works. UI thread only.
#pragma once

#include <optional>

#include "fieldwidget.h"

class QGeoPositionInfo;
class QGeoPositionInfoSource;
class QLabel;
class QLineEdit;
class QPushButton;

namespace outpost::ui {

class GeoPointField : public FieldWidget
{
    Q_OBJECT

public:
    static constexpr int kPositionTimeoutMs = 30000;

    // sensors: null = typing only (no position button).
    explicit GeoPointField(QWidget *parent = nullptr,
                           const struct DeviceSensors *sensors = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;
    QString inputProblem() const override;

    bool canLocate() const { return m_source != nullptr; } // "Use my position" is offered
    void locate(); // what the button does: one position request

private:
    static std::optional<double> parse(const QLineEdit *edit); // nullopt: empty or not a number
    void onPosition(const QGeoPositionInfo &info);
    void onPositionError(int error); // QGeoPositionInfoSource::Error
    void showPositionStatus(const QString &text, bool problem);

    QLineEdit *m_latitude;                      // degrees, [-90, 90]
    QLineEdit *m_longitude;                     // degrees, [-180, 180]
    QLineEdit *m_accuracy;                      // metres, >= 0; optional
    std::optional<double> m_altitude;           // metres; kept from a stored value, not edited here
    QGeoPositionInfoSource *m_source = nullptr; // owned (child); null without one
    QPushButton *m_locate = nullptr;            // null without a source
    QLabel *m_positionStatus = nullptr;         // what the last request gave
};

} // namespace outpost::ui
