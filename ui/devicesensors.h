// What this device can sense for a form: its position (Qt Positioning) and a camera (Qt
// Multimedia). A small seam: the editor's widgets ask through these functions, so a test can
// give them a position source of its own (a QGeoPositionInfoSource subclass) or a camera that
// returns a picture, while the app uses system(). The editor's widgets use current(), which
// is system() unless a test set another. Value type; UI thread only.
#pragma once

#include <QImage>

#include <functional>
#include <optional>

class QGeoPositionInfoSource;
class QObject;
class QWidget;

namespace outpost::ui {

struct DeviceSensors
{
    // A position source owned by `parent`, or null when this device has none (no plugin, or
    // one that reports no positioning method, like geoclue2 without its service).
    std::function<QGeoPositionInfoSource *(QObject *parent)> createPositionSource;
    // Whether a camera is there (QMediaDevices::videoInputs()).
    std::function<bool()> hasCamera;
    // Shows the camera and returns the picture taken, in memory (never a file); nullopt if the
    // person cancelled or the camera failed (it said so).
    std::function<std::optional<QImage>(QWidget *parent)> takePhoto;

    // Qt's default position source and the first camera through CameraDialog.
    static DeviceSensors system();
    // None at all (tests of the typed path).
    static DeviceSensors none();

    // What the record editor's widgets use (system() until setCurrent).
    static const DeviceSensors &current();
    static void setCurrent(DeviceSensors sensors); // tests
};

} // namespace outpost::ui
