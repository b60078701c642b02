// Position and camera in the record editor. Here there is no camera and no position service:
// the real DeviceSensors::system() is used first, and the editor must offer neither button
// (typing and choosing a file still work). Then the widget logic through the seam: a
// QGeoPositionInfoSource subclass as the device's position source (fix, accuracy, altitude;
// timeout), and a camera that hands back a picture, which must end up encrypted in the store.
#include <QBuffer>
#include <QDirIterator>
#include <QGeoPositionInfoSource>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QtTest>

#include "attachmentfield.h"
#include "devicesensors.h"
#include "editorfixture.h"
#include "fieldrow.h"
#include "geopointfield.h"
#include "recordeditor.h"
#include "recordfactory.h"

using namespace outpost;
using namespace outpost::ui;
using namespace outpost::ui::test;

namespace {

const char kForm[] = R"({
  "id": "sensors", "version": 1, "title": "Sensors",
  "fields": [
    {"name": "where", "type": "geopoint", "label": "Where"},
    {"name": "pic", "type": "photo", "label": "Picture"}
  ]
})";

// A position source as a device would have one (Qt's own interface; not one of ours): one
// request gives a fix after a short delay, or times out.
class FakePositionSource : public QGeoPositionInfoSource
{
public:
    explicit FakePositionSource(QObject *parent) : QGeoPositionInfoSource(parent) {}

    bool answers = true;
    int requests = 0;
    int lastTimeoutMs = -1;

    void setUpdateInterval(int) override {}
    QGeoPositionInfo lastKnownPosition(bool) const override { return {}; }
    PositioningMethods supportedPositioningMethods() const override
    {
        return SatellitePositioningMethods;
    }
    int minimumUpdateInterval() const override { return 1000; }
    Error error() const override { return NoError; }
    void startUpdates() override {}
    void stopUpdates() override {}
    void requestUpdate(int timeout) override
    {
        ++requests;
        lastTimeoutMs = timeout;
        QTimer::singleShot(50, this, [this] {
            if (!answers) {
                Q_EMIT errorOccurred(UpdateTimeoutError);
                return;
            }
            QGeoPositionInfo info(QGeoCoordinate(-8.7612, 31.1025, 1204.5),
                                  QDateTime::currentDateTimeUtc());
            info.setAttribute(QGeoPositionInfo::HorizontalAccuracy, 12.34);
            Q_EMIT positionUpdated(info);
        });
    }
};

} // namespace

class TestDeviceSensors : public QObject
{
    Q_OBJECT

    EditorFixture m_fixture;
    FormDefinition m_form;
    FakePositionSource *m_source = nullptr; // owned by the geopoint widget
    QImage m_picture;

    std::unique_ptr<RecordEditor> openEditor()
    {
        auto editor = std::make_unique<RecordEditor>(m_fixture.store.get(), m_form,
                                                     RecordFactory::create(m_form), false);
        editor->resize(1280, 800);
        editor->show();
        return editor;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fixture.open());
        auto form = FormDefinition::fromJson(QByteArray(kForm));
        QVERIFY(form.ok());
        m_form = *form;
    }

    void cleanup() { DeviceSensors::setCurrent(DeviceSensors::system()); }

    void noCameraNoPositionHere()
    {
        // The real thing on this machine: no camera, no position service.
        const DeviceSensors system = DeviceSensors::system();
        QObject owner;
        if (system.hasCamera() || system.createPositionSource(&owner))
            QSKIP("this machine has a camera or a position service");
        DeviceSensors::setCurrent(system);
        auto editor = openEditor();
        auto *geo = qobject_cast<GeoPointField *>(editor->row(QStringLiteral("where"))->input());
        auto *photo = qobject_cast<AttachmentField *>(editor->row(QStringLiteral("pic"))->input());
        QVERIFY(geo && photo);
        QVERIFY(!geo->canLocate());
        QVERIFY(!geo->findChild<QPushButton *>(QStringLiteral("locate")));
        QVERIFY(!photo->canTakePhoto());
        QVERIFY(!photo->findChild<QPushButton *>(QStringLiteral("takePhoto")));
        // Typing coordinates always works.
        QTest::keyClicks(geo->findChild<QLineEdit *>(QStringLiteral("latitude")),
                         QStringLiteral("-8.76"));
        QTest::keyClicks(geo->findChild<QLineEdit *>(QStringLiteral("longitude")),
                         QStringLiteral("31.1"));
        QCOMPARE(editor->record()
                     .values.value(QStringLiteral("where"))
                     .toObject()
                     .value(QStringLiteral("lat")),
                 QJsonValue(-8.76));
        QVERIFY(photo->findChild<QPushButton *>(QStringLiteral("choose"))->isVisible());
    }

    void positionFillsTheFields()
    {
        DeviceSensors sensors = DeviceSensors::none();
        sensors.createPositionSource = [this](QObject *parent) {
            m_source = new FakePositionSource(parent);
            return m_source;
        };
        DeviceSensors::setCurrent(sensors);
        auto editor = openEditor();
        auto *geo = qobject_cast<GeoPointField *>(editor->row(QStringLiteral("where"))->input());
        QVERIFY(geo->canLocate());
        auto *locate = geo->findChild<QPushButton *>(QStringLiteral("locate"));
        auto *status = geo->findChild<QLabel *>(QStringLiteral("positionStatus"));
        QVERIFY(locate && status && m_source);

        // No answer in time: said plainly, the button works again, nothing is made up.
        m_source->answers = false;
        locate->click();
        QVERIFY(!locate->isEnabled()); // one request at a time
        QCOMPARE(m_source->lastTimeoutMs, GeoPointField::kPositionTimeoutMs);
        QTRY_VERIFY(locate->isEnabled());
        QVERIFY2(status->text().contains(QStringLiteral("No position")),
                 qPrintable(status->text()));
        QCOMPARE(status->property("role").toString(), QStringLiteral("error"));
        QVERIFY(editor->record().values.value(QStringLiteral("where")).isUndefined());

        // A fix: position, accuracy and altitude in the value, accuracy shown.
        m_source->answers = true;
        locate->click();
        QTRY_VERIFY(locate->isEnabled());
        QCOMPARE(m_source->requests, 2);
        const QJsonObject point = editor->record().values.value(QStringLiteral("where")).toObject();
        QCOMPARE(point.value(QStringLiteral("lat")).toDouble(), -8.7612);
        QCOMPARE(point.value(QStringLiteral("lon")).toDouble(), 31.1025);
        QCOMPARE(point.value(QStringLiteral("accuracy")).toDouble(), 12.3);
        QCOMPARE(point.value(QStringLiteral("altitude")).toDouble(), 1204.5);
        QVERIFY2(status->text().contains(QStringLiteral("12 m")), qPrintable(status->text()));
        QVERIFY(editor->row(QStringLiteral("where"))->message().isEmpty());

        // Read-only records offer no button.
        geo->setReadOnly(true);
        QVERIFY(!locate->isVisibleTo(geo));
    }

    void cameraPictureIsStoredEncrypted()
    {
        m_picture = QImage(64, 48, QImage::Format_RGB32);
        m_picture.fill(QColor(20, 160, 60));
        DeviceSensors sensors = DeviceSensors::none();
        sensors.hasCamera = [] { return true; };
        int shots = 0;
        sensors.takePhoto = [this, &shots](QWidget *) -> std::optional<QImage> {
            ++shots;
            return m_picture;
        };
        DeviceSensors::setCurrent(sensors);
        auto editor = openEditor();
        auto *photo = qobject_cast<AttachmentField *>(editor->row(QStringLiteral("pic"))->input());
        QVERIFY(photo->canTakePhoto());
        QVERIFY(clickTakePhoto(photo));
        QCOMPARE(shots, 1);

        const auto ref = AttachmentRef::fromJson(
            editor->record().values.value(QStringLiteral("pic")).toObject());
        QVERIFY(ref.ok());
        QCOMPARE(ref->mimeType, QStringLiteral("image/jpeg"));
        QVERIFY(ref->fileName.endsWith(QStringLiteral(".jpg")));
        // Decrypted from the store, it is the picture (JPEG: same size, about the colour).
        QBuffer decrypted;
        decrypted.open(QIODevice::ReadWrite);
        QVERIFY(m_fixture.store->exportAttachment(ref->id, decrypted).ok());
        decrypted.seek(0);
        const QImage back = QImageReader(&decrypted, "JPEG").read();
        QCOMPARE(back.size(), m_picture.size());
        QVERIFY(qAbs(back.pixelColor(10, 10).green() - 160) < 16);
        QTRY_VERIFY(!photo->thumbnail().isNull()); // decoded in memory from the store
        // No plaintext of the JPEG anywhere in the store's directory (files are encrypted):
        // neither its header nor a piece of its middle.
        const QByteArray plain = decrypted.data();
        QVERIFY(plain.size() > 200);
        const QByteArray head = plain.left(20);
        const QByteArray middle = plain.mid(plain.size() / 2, 32);
        QDirIterator files(m_fixture.dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(head) && !bytes.contains(middle), qPrintable(file.fileName()));
        }

        // A camera that gives nothing (cancelled) leaves the value as it was.
        sensors.takePhoto = [](QWidget *) -> std::optional<QImage> { return std::nullopt; };
        DeviceSensors::setCurrent(sensors);
        QVERIFY(clickTakePhoto(photo));
        QCOMPARE(
            AttachmentRef::fromJson(editor->record().values.value(QStringLiteral("pic")).toObject())
                ->id,
            ref->id);
    }

private:
    static bool clickTakePhoto(AttachmentField *photo)
    {
        auto *button = photo->findChild<QPushButton *>(QStringLiteral("takePhoto"));
        if (!button || !button->isEnabled())
            return false;
        button->click();
        return true;
    }
};

QTEST_MAIN(TestDeviceSensors)
#include "tst_devicesensors.moc"
