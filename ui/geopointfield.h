// A geopoint field: latitude and longitude in decimal degrees and the accuracy in metres,
// typed in the device's number format. The value is {"lat", "lon", "accuracy"?} (an
// altitude already in the value is kept). Both coordinates are needed; out-of-range numbers
// are an input problem, never a value. UI thread only.
#pragma once

#include <optional>

#include "fieldwidget.h"

class QLineEdit;

namespace outpost::ui {

class GeoPointField : public FieldWidget
{
    Q_OBJECT

public:
    explicit GeoPointField(QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;
    QString inputProblem() const override;

private:
    static std::optional<double> parse(const QLineEdit *edit); // nullopt: empty or not a number

    QLineEdit *m_latitude;            // degrees, [-90, 90]
    QLineEdit *m_longitude;           // degrees, [-180, 180]
    QLineEdit *m_accuracy;            // metres, >= 0; optional
    std::optional<double> m_altitude; // metres; kept from a stored value, not edited here
};

} // namespace outpost::ui
