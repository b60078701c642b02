#include "attachmentfield.h"

#include <QBuffer>
#include <QDateTime>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QImageReader>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMimeDatabase>
#include <QPushButton>
#include <QStandardPaths>
#include <QtConcurrent>

#include <memory>

#include "devicesensors.h"
#include "editorcontext.h"
#include "localstore.h"
#include "uilogging.h"

namespace outpost::ui {

namespace {

constexpr qint64 kMaxThumbnailSourceBytes = 64ll * 1024 * 1024; // larger images: no thumbnail

// Worker thread: decrypts the attachment into memory and decodes a small image from it.
QImage decodeThumbnail(const std::shared_ptr<AttachmentReader> &reader)
{
    QByteArray bytes;
    while (!reader->atEnd()) {
        auto chunk = reader->read();
        if (!chunk) {
            qCWarning(lcUi) << "thumbnail: cannot read attachment:" << chunk.error().message;
            return {};
        }
        bytes.append(*chunk);
        if (bytes.size() > kMaxThumbnailSourceBytes)
            return {};
    }
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader imageReader(&buffer);
    imageReader.setAutoTransform(true); // EXIF orientation
    const QSize size = imageReader.size();
    if (size.isValid())
        imageReader.setScaledSize(size.scaled(AttachmentField::kThumbnailPx,
                                              AttachmentField::kThumbnailPx, Qt::KeepAspectRatio));
    QImage image = imageReader.read();
    if (image.isNull())
        return {};
    return image.scaled(AttachmentField::kThumbnailPx, AttachmentField::kThumbnailPx,
                        Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

} // namespace

AttachmentField::AttachmentField(bool photo, EditorContext *context, QWidget *parent)
    : FieldWidget(parent), m_photo(photo), m_context(context),
      m_choose(new QPushButton(photo ? tr("Choose a photo…") : tr("Choose a file…"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_name(new QLabel(this)),
      m_preview(new QLabel(this)), m_watcher(new QFutureWatcher<QImage>(this))
{
    m_choose->setObjectName(QStringLiteral("choose"));
    m_remove->setObjectName(QStringLiteral("remove"));
    m_name->setObjectName(QStringLiteral("fileName"));
    m_preview->setObjectName(QStringLiteral("thumbnail"));
    m_preview->setFixedSize(kThumbnailPx, kThumbnailPx);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_name->setWordWrap(true);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_preview, 0, 0, 3, 1);
    layout->addWidget(m_name, 0, 1, 1, 2);
    layout->addWidget(m_choose, 1, 1);
    layout->addWidget(m_remove, 1, 2);
    if (m_photo && DeviceSensors::current().hasCamera && DeviceSensors::current().hasCamera()) {
        m_takePhoto = new QPushButton(tr("Take photo"), this);
        m_takePhoto->setObjectName(QStringLiteral("takePhoto"));
        layout->addWidget(m_takePhoto, 2, 1);
        connect(m_takePhoto, &QPushButton::clicked, this, &AttachmentField::onTakePhoto);
    }
    layout->setColumnStretch(3, 1);
    setFocusProxy(m_takePhoto ? m_takePhoto : m_choose);

    connect(m_choose, &QPushButton::clicked, this, &AttachmentField::onChoose);
    connect(m_remove, &QPushButton::clicked, this, &AttachmentField::onRemove);
    connect(m_watcher, &QFutureWatcher<QImage>::finished, this, [this] {
        m_thumbnail = m_watcher->result();
        if (!m_thumbnail.isNull()) {
            m_preview->setPixmap(QPixmap::fromImage(m_thumbnail));
            Q_EMIT thumbnailReady();
        } else {
            m_preview->setText(tr("No preview"));
        }
    });
    showReference();
}

QJsonValue AttachmentField::value() const
{
    return m_ref ? QJsonValue(m_ref->toJson()) : QJsonValue(QJsonValue::Undefined);
}

void AttachmentField::setValue(const QJsonValue &value)
{
    m_problem.clear();
    m_ref.reset();
    if (value.isObject()) {
        if (auto ref = AttachmentRef::fromJson(value.toObject()))
            m_ref = *ref;
    }
    showReference();
}

void AttachmentField::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    showReference();
}

bool AttachmentField::importFile(const QString &path)
{
    if (m_photo) {
        const QString mime = QMimeDatabase().mimeTypeForFile(path).name();
        if (!mime.startsWith(QStringLiteral("image/"))) {
            m_problem = tr("This file is not a picture (%1).").arg(mime);
            Q_EMIT edited();
            return false;
        }
    }
    return adopt(m_context->store()->importAttachment(path, m_context->recordId()));
}

bool AttachmentField::importImage(const QImage &image)
{
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "JPEG", 90)) {
        m_problem = tr("The camera gave no usable picture.");
        Q_EMIT edited();
        return false;
    }
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    const QString name =
        QStringLiteral("photo-%1.jpg")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const auto imported = m_context->store()->importAttachment(
        buffer, name, QStringLiteral("image/jpeg"), m_context->recordId());
    jpeg.fill('\0'); // the plaintext copy goes as soon as the encrypted one exists
    return adopt(imported);
}

void AttachmentField::onTakePhoto()
{
    const DeviceSensors &sensors = DeviceSensors::current();
    if (!sensors.takePhoto)
        return;
    if (const std::optional<QImage> image = sensors.takePhoto(this))
        importImage(*image);
}

bool AttachmentField::adopt(const Result<AttachmentRef> &imported)
{
    if (!imported) {
        m_problem = tr("Could not keep this file: %1").arg(imported.error().message);
        qCWarning(lcUi) << "attachment import failed:" << imported.error().code;
        Q_EMIT edited();
        return false;
    }
    m_problem.clear();
    m_ref = *imported;
    showReference();
    Q_EMIT edited();
    return true;
}

void AttachmentField::onChoose()
{
    const QString filter =
        m_photo ? tr("Pictures (*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif *.tiff *.heic)")
                : tr("All files (*)");
    const QString start = QStandardPaths::writableLocation(
        m_photo ? QStandardPaths::PicturesLocation : QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getOpenFileName(this, m_choose->text(), start, filter);
    if (!path.isEmpty())
        importFile(path);
}

void AttachmentField::onRemove()
{
    // The encrypted copy stays in the store (it may already be uploading); the record no
    // longer refers to it.
    m_ref.reset();
    m_problem.clear();
    showReference();
    Q_EMIT edited();
}

void AttachmentField::showReference()
{
    m_choose->setVisible(!m_readOnly);
    if (m_takePhoto)
        m_takePhoto->setVisible(!m_readOnly);
    m_remove->setVisible(!m_readOnly && m_ref.has_value());
    m_preview->setVisible(m_photo || m_ref.has_value());
    m_thumbnail = {};
    m_preview->clear();
    if (!m_ref) {
        m_name->setText(m_readOnly ? tr("No file") : QString());
        m_name->setVisible(m_readOnly);
        if (m_photo)
            m_preview->setText(tr("No photo"));
        return;
    }
    m_name->setVisible(true);
    m_name->setText(
        tr("%1 (%2)").arg(m_ref->fileName, QLocale().formattedDataSize(m_ref->sizeBytes)));
    m_choose->setText(m_photo ? tr("Replace photo…") : tr("Replace file…"));
    if (m_ref->mimeType.startsWith(QStringLiteral("image/"))) {
        m_preview->setText(tr("Loading…"));
        loadThumbnail();
    } else {
        m_preview->setText(m_ref->mimeType.section(QLatin1Char('/'), 1).toUpper());
    }
}

void AttachmentField::loadThumbnail()
{
    auto reader = m_context->store()->openAttachment(m_ref->id);
    if (!reader) {
        m_preview->setText(tr("Missing"));
        qCWarning(lcUi) << "thumbnail: cannot open attachment:" << reader.error().code;
        return;
    }
    std::shared_ptr<AttachmentReader> shared(std::move(*reader).release());
    m_watcher->setFuture(QtConcurrent::run([shared] { return decodeThumbnail(shared); }));
}

} // namespace outpost::ui
