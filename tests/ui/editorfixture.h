// Shared by the record editor tests: a real encrypted store in a temporary directory
// (StoreOptions::fastForTests) with the demo forms of resources/forms installed.
#pragma once

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>
#include <memory>

#include "demoforms.h"
#include "localstore.h"

namespace outpost::ui::test {

inline const QString kPassphrase = QStringLiteral("a long test passphrase");

struct EditorFixture
{
    QTemporaryDir dir;
    std::unique_ptr<LocalStore> store;

    StoreLocation location() const { return StoreLocation::inDirectory(dir.path()); }

    // Makes the store and installs the demo forms; false on failure.
    bool open()
    {
        if (!dir.isValid())
            return false;
        auto created = LocalStore::create(location(), kPassphrase, StoreOptions::fastForTests());
        if (!created)
            return false;
        store = std::move(*created);
        return installDemoForms(*store).ok();
    }

    // A second, independent connection, as after restarting the app: what it reads is what
    // reached the database file.
    std::unique_ptr<LocalStore> reopen() const
    {
        auto unlocked = LocalStore::unlock(location(), kPassphrase, StoreOptions::fastForTests());
        return unlocked ? std::move(*unlocked) : nullptr;
    }
};

// Answers the next modal message box named `objectName` by clicking its button named
// `button` ("confirm" or "cancel"). The returned flag becomes true when the box appeared.
// Gives up after about two seconds.
inline std::shared_ptr<bool> answerNextConfirmation(const QString &objectName,
                                                    const QString &button)
{
    auto seen = std::make_shared<bool>(false);
    auto attempt = std::make_shared<std::function<void(int)>>();
    // The function holds itself weakly; pending timers hold it strongly.
    std::weak_ptr<std::function<void(int)>> self = attempt;
    *attempt = [objectName, button, seen, self](int triesLeft) {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || modal->objectName() != objectName) {
            if (auto again = self.lock(); again && triesLeft > 0)
                QTimer::singleShot(10, qApp, [again, triesLeft] { (*again)(triesLeft - 1); });
            return;
        }
        *seen = true;
        if (auto *clicked = modal->findChild<QPushButton *>(button))
            clicked->click();
    };
    QTimer::singleShot(0, qApp, [attempt] { (*attempt)(200); });
    return seen;
}

} // namespace outpost::ui::test
