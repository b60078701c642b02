// A photo or file field. The person picks a file (QFileDialog); it is encrypted into the
// store at once (LocalStore::importAttachment) and the field's value becomes its reference
// {"id", "sha256", "size", "type", "name"}. Photos show a thumbnail decoded in memory from
// the encrypted copy (never written to disk in plaintext), off the UI thread. Photo fields
// also offer "Take photo" where the device has a camera (DeviceSensors): the picture is
// encoded as JPEG in memory and encrypted into the store like an imported file.
// UI thread only (the decoding task owns its own attachment reader).
#pragma once

#include <QImage>
#include <optional>

#include "attachmentref.h"
#include "fieldwidget.h"

class QLabel;
class QPushButton;
template<typename T> class QFutureWatcher;

namespace outpost::ui {

class EditorContext;

class AttachmentField : public FieldWidget
{
    Q_OBJECT

public:
    static constexpr int kThumbnailPx = 160; // longest side of the thumbnail

    // photo: images only, with a thumbnail. context: not owned, outlives the field.
    AttachmentField(bool photo, EditorContext *context, QWidget *parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue &value) override;
    void setReadOnly(bool readOnly) override;
    QString inputProblem() const override { return m_problem; }

    // Imports the file into the store and makes it the value (emits edited()); on failure
    // the value is unchanged, inputProblem() says why, and false is returned. What the
    // "Choose…" button does after its file dialog.
    bool importFile(const QString &path);
    // A picture from the camera: JPEG-encoded in memory, encrypted into the store, made the
    // value (emits edited()). Same failure rules as importFile.
    bool importImage(const QImage &image);
    bool canTakePhoto() const { return m_takePhoto != nullptr; } // "Take photo" is offered
    const QImage &thumbnail() const { return m_thumbnail; }      // null until decoded

Q_SIGNALS:
    void thumbnailReady();

private:
    void onChoose();
    void onTakePhoto();
    bool adopt(const Result<AttachmentRef> &imported);
    void onRemove();
    void showReference();
    void loadThumbnail();

    bool m_photo;
    EditorContext *m_context; // not owned
    std::optional<AttachmentRef> m_ref;
    QString m_problem;
    QImage m_thumbnail;
    bool m_readOnly = false;
    QPushButton *m_choose;
    QPushButton *m_takePhoto = nullptr; // photo fields on a device with a camera
    QPushButton *m_remove;
    QLabel *m_name;
    QLabel *m_preview;
    QFutureWatcher<QImage> *m_watcher;
};

} // namespace outpost::ui
