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
#include "modaldriver.h"

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

} // namespace outpost::ui::test
