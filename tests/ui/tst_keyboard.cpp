// The main screens without a mouse: Tab walks down each screen in reading order, and the
// shortcuts do what their tooltips say (Ctrl+N new record, Ctrl+F search, Esc back from the
// editor and the settings, Ctrl+, settings, Ctrl+L lock). And with a finger: every list and
// scrolling page of those screens flicks (QScroller).
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScroller>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "appdriver.h"
#include "englishplurals.h"
#include "enrollpage.h"
#include "homepage.h"
#include "mainwindow.h"
#include "recordeditor.h"
#include "settingspage.h"

using namespace outpost;
using namespace outpost::ui;

class TestKeyboard : public QObject
{
    Q_OBJECT

    EnglishPlurals m_plurals;

    // Object names of the widgets Tab reaches from `start`, `count` presses.
    static QStringList tabWalk(QWidget *start, int count)
    {
        start->setFocus(Qt::TabFocusReason);
        QStringList names;
        for (int i = 0; i < count; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            names << QApplication::focusWidget()->objectName();
        }
        return names;
    }

    static void press(QWidget *window, QKeyCombination keys)
    {
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : window,
                        keys.key(), keys.keyboardModifiers());
    }

    // Every visible scrolling area of `screen` (not the combo boxes' popups) flicks.
    static void verifyKinetic(QWidget *screen)
    {
        int areas = 0;
        for (QAbstractScrollArea *area : screen->findChildren<QAbstractScrollArea *>()) {
            if (!area->isVisibleTo(screen) || area->window() != screen->window() ||
                qobject_cast<QHeaderView *>(area)) // a table's header scrolls with its table
                continue;
            ++areas;
            QVERIFY2(QScroller::hasScroller(area->viewport()),
                     qPrintable(area->objectName() + QLatin1Char(' ') +
                                QString::fromLatin1(area->metaObject()->className())));
        }
        QVERIFY(areas > 0);
    }

private Q_SLOTS:
    void initTestCase() { QCoreApplication::installTranslator(&m_plurals); }

    void enrollPageTabOrder()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(appdriver::type(window.enrollPage(), "server", QStringLiteral("http://x.test")));
        QVERIFY(appdriver::type(window.enrollPage(), "username", QStringLiteral("ana")));
        QVERIFY(appdriver::type(window.enrollPage(), "password", QStringLiteral("secret")));
        auto *server = window.enrollPage()->findChild<QLineEdit *>(QStringLiteral("server"));
        QCOMPARE(tabWalk(server, 5),
                 QStringList({QStringLiteral("username"), QStringLiteral("password"),
                              QStringLiteral("deviceName"), QStringLiteral("submit"),
                              QStringLiteral("offline")}));
    }

    void homeAndEditorByKeyboard()
    {
        QTemporaryDir dir;
        MainWindow window(StoreLocation::inDirectory(dir.path()), StoreOptions::fastForTests(), 0);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(appdriver::click(window.enrollPage(), "offline"));
        QSignalSpy home(&window, &MainWindow::homeShown);
        QVERIFY(appdriver::choosePassphrase(window));
        QVERIFY(home.wait(10000));
        HomePage *page = window.homePage();
        auto *forms = page->findChild<QListWidget *>(QStringLiteral("forms"));
        forms->setCurrentRow(0);

        // Reading order; Open and Delete are skipped while no record is chosen.
        QCOMPARE(tabWalk(forms, 4),
                 QStringList({QStringLiteral("newRecord"), QStringLiteral("search"),
                              QStringLiteral("statusFilter"), QStringLiteral("records")}));

        // Ctrl+F: the search.
        forms->setFocus();
        press(&window, Qt::CTRL | Qt::Key_F);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("search"));

        verifyKinetic(page); // forms and records

        // Ctrl+N: a new record of the chosen form; Esc back to the list (it saves).
        press(&window, Qt::CTRL | Qt::Key_N);
        QVERIFY(page->editor());
        QTRY_VERIFY(page->editor()->isVisible());
        verifyKinetic(page->editor()); // the questions
        QSignalSpy closed(page, &HomePage::editorClosed);
        press(&window, QKeyCombination(Qt::Key_Escape));
        QCOMPARE(closed.count(), 1);
        QVERIFY(!page->editor());

        // Ctrl+,: the settings; Esc back home.
        press(&window, Qt::CTRL | Qt::Key_Comma);
        QVERIFY(window.settingsPage());
        QCOMPARE(window.currentPage(), window.settingsPage());
        verifyKinetic(window.settingsPage());
        home.clear();
        press(&window, QKeyCombination(Qt::Key_Escape));
        QCOMPARE(home.count(), 1);

        // Ctrl+L locks.
        QSignalSpy locked(&window, &MainWindow::locked);
        press(&window, Qt::CTRL | Qt::Key_L);
        QCOMPARE(locked.count(), 1);
        QVERIFY(!window.store());
    }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
