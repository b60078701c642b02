// Drives the app's first-run pages in tests the way a person does: typing into the named
// fields and pressing the named buttons. Each function returns false (and records a test
// failure saying which widget) when a widget is missing or disabled, so callers write
// QVERIFY(appdriver::signIn(...)).
#pragma once

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "enrollpage.h"
#include "mainwindow.h"
#include "unlockpage.h"

namespace appdriver {

inline bool type(QWidget *page, const char *name, const QString &text)
{
    auto *edit = page->findChild<QLineEdit *>(QString::fromLatin1(name));
    if (!QTest::qVerify(edit != nullptr, "edit", name, __FILE__, __LINE__))
        return false;
    edit->setText(text);
    return true;
}

inline bool click(QWidget *page, const char *name)
{
    auto *button = page->findChild<QPushButton *>(QString::fromLatin1(name));
    if (!QTest::qVerify(button != nullptr, "button", name, __FILE__, __LINE__) ||
        !QTest::qVerify(button->isEnabled(), "button->isEnabled()", name, __FILE__, __LINE__))
        return false;
    button->click();
    return true;
}

// The enrolment page: server, user, password, then "Sign in".
inline bool signIn(outpost::ui::MainWindow &window, const QString &serverUrl,
                   const QString &username, const QString &password)
{
    QWidget *page = window.enrollPage();
    return type(page, "server", serverUrl) && type(page, "username", username) &&
           type(page, "password", password) && click(page, "submit");
}

// The page after a first sign-in: choose (and repeat) the passphrase of the new store.
inline bool choosePassphrase(outpost::ui::MainWindow &window,
                             const QString &passphrase = QStringLiteral("field passphrase"))
{
    QWidget *page = window.unlockPage();
    return type(page, "passphrase", passphrase) && type(page, "confirm", passphrase) &&
           click(page, "submit");
}

// First run from start to the home page: sign in, choose the passphrase, wait for home.
inline bool enrollUntilHome(outpost::ui::MainWindow &window, const QString &serverUrl,
                            const QString &username, const QString &password, int timeoutMs = 30000)
{
    if (!signIn(window, serverUrl, username, password))
        return false;
    QSignalSpy home(&window, &outpost::ui::MainWindow::homeShown);
    return choosePassphrase(window) &&
           QTest::qVerify(home.wait(timeoutMs), "home.wait()", "the home page did not show",
                          __FILE__, __LINE__);
}

} // namespace appdriver
