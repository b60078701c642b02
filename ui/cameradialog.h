// Takes one photo with the device's default camera: a live preview and a "Take photo"
// button. The picture stays in memory (QImageCapture::capture, never captureToFile), so no
// plaintext copy ever reaches the disk; the photo field encrypts it into the store. UI
// thread only. Needs a camera (QMediaDevices::videoInputs() not empty).
#pragma once

#include <QDialog>
#include <QImage>

class QCamera;
class QImageCapture;
class QLabel;
class QMediaCaptureSession;
class QPushButton;

namespace outpost::ui {

class CameraDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CameraDialog(QWidget *parent = nullptr);
    ~CameraDialog() override;

    const QImage &image() const { return m_image; } // null until a photo was taken

private:
    void showProblem(const QString &message);

    QCamera *m_camera;
    QImageCapture *m_capture;
    QMediaCaptureSession *m_session;
    QLabel *m_problem;
    QPushButton *m_take;
    QImage m_image;
};

} // namespace outpost::ui
