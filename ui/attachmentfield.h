// A photo or file field. The person picks a file (QFileDialog); it is encrypted into the
// store at once (LocalStore::importAttachment) and the field's value becomes its reference
// {"id", "sha256", "size", "type", "name"}. Photos show a thumbnail decoded in memory from
// the encrypted copy (never written to disk in plaintext), off the UI thread.
// No camera: Qt Multimedia is not a dependency yet.
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
    const QImage &thumbnail() const { return m_thumbnail; } // null until decoded

Q_SIGNALS:
    void thumbnailReady();

private:
    void onChoose();
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
    QPushButton *m_remove;
    QLabel *m_name;
    QLabel *m_preview;
    QFutureWatcher<QImage> *m_watcher;
};

} // namespace outpost::ui
