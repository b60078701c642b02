#include "devicesensors.h"

#include <QCameraDevice>
#include <QGeoPositionInfoSource>
#include <QMediaDevices>

#include "cameradialog.h"

namespace outpost::ui {

DeviceSensors DeviceSensors::system()
{
    DeviceSensors sensors;
    sensors.createPositionSource = [](QObject *parent) -> QGeoPositionInfoSource * {
        QGeoPositionInfoSource *source = QGeoPositionInfoSource::createDefaultSource(parent);
        if (source &&
            source->supportedPositioningMethods() == QGeoPositionInfoSource::NoPositioningMethods) {
            delete source;
            return nullptr;
        }
        return source;
    };
    sensors.hasCamera = [] { return !QMediaDevices::videoInputs().isEmpty(); };
    sensors.takePhoto = [](QWidget *parent) -> std::optional<QImage> {
        CameraDialog dialog(parent);
        if (dialog.exec() != QDialog::Accepted || dialog.image().isNull())
            return std::nullopt;
        return dialog.image();
    };
    return sensors;
}

namespace {
DeviceSensors &currentSensors()
{
    static DeviceSensors sensors = DeviceSensors::system();
    return sensors;
}
} // namespace

const DeviceSensors &DeviceSensors::current()
{
    return currentSensors();
}

void DeviceSensors::setCurrent(DeviceSensors sensors)
{
    currentSensors() = std::move(sensors);
}

DeviceSensors DeviceSensors::none()
{
    DeviceSensors sensors;
    sensors.createPositionSource = [](QObject *) -> QGeoPositionInfoSource * { return nullptr; };
    sensors.hasCamera = [] { return false; };
    sensors.takePhoto = [](QWidget *) -> std::optional<QImage> { return std::nullopt; };
    return sensors;
}

} // namespace outpost::ui
