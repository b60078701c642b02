#include "cameradialog.h"

#include <QCamera>
#include <QDialogButtonBox>
#include <QImageCapture>
#include <QLabel>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QPushButton>
#include <QVBoxLayout>
#include <QVideoWidget>

#include "theme.h"
#include "uilogging.h"

namespace outpost::ui {

CameraDialog::CameraDialog(QWidget *parent)
    : QDialog(parent), m_camera(new QCamera(QMediaDevices::defaultVideoInput(), this)),
      m_capture(new QImageCapture(this)), m_session(new QMediaCaptureSession),
      m_problem(new QLabel(this)), m_take(new QPushButton(tr("Take photo"), this))
{
    setObjectName(QStringLiteral("camera"));
    setWindowTitle(tr("Take a photo"));
    auto *preview = new QVideoWidget(this);
    preview->setMinimumSize(640, 480);
    m_problem->setProperty("role", QStringLiteral("error"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_take->setObjectName(QStringLiteral("take"));
    m_take->setDefault(true);
    m_take->setMinimumHeight(kTouchTargetPx);
    m_take->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_take, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(preview, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    m_session->setCamera(m_camera);
    m_session->setImageCapture(m_capture);
    m_session->setVideoOutput(preview);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_capture, &QImageCapture::readyForCaptureChanged, m_take, &QPushButton::setEnabled);
    connect(m_take, &QPushButton::clicked, this, [this] {
        m_take->setEnabled(false);
        m_capture->capture(); // to memory: imageCaptured
    });
    connect(m_capture, &QImageCapture::imageCaptured, this, [this](int, const QImage &image) {
        m_image = image;
        accept();
    });
    connect(m_capture, &QImageCapture::errorOccurred, this,
            [this](int, QImageCapture::Error, const QString &message) {
                showProblem(tr("The photo could not be taken: %1").arg(message));
            });
    connect(m_camera, &QCamera::errorOccurred, this,
            [this](QCamera::Error, const QString &message) {
                showProblem(tr("The camera does not work: %1").arg(message));
            });
    m_camera->start();
}

CameraDialog::~CameraDialog()
{
    m_camera->stop();
    delete m_session;
}

void CameraDialog::showProblem(const QString &message)
{
    qCWarning(lcUi) << "camera:" << message;
    m_problem->setText(message + QLatin1Char(' ') + tr("You can still choose a photo file."));
    m_problem->show();
    m_take->setEnabled(m_capture->isReadyForCapture());
}

} // namespace outpost::ui
