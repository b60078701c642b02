// Settings: the server this device is enrolled with (changing it means enrolling again, after
// a wipe), how often to sync, whether attachments upload on a metered network, the idle lock,
// changing the passphrase, signing out and wiping this device's data. The page asks the
// person (plain warnings, a typed confirmation for the wipe) and says what it wants by
// signals; MainWindow does it. Choices apply at once (no Save button). UI thread only; the
// store is not owned and is only read.
#pragma once

#include <QWidget>

#include "appsettings.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    // The confirmation word of the wipe (typed by the person).
    static QString wipeWord();

    SettingsPage(LocalStore *store, const AppSettings &settings, QWidget *parent = nullptr);

    AppSettings settings() const { return m_settings; }
    // The passphrase change: busy while it runs, then its outcome in plain words.
    void setPassphraseBusy(bool busy);
    void showPassphraseResult(bool ok, const QString &message);

    // What the buttons do after their questions; public so tests and shortcuts reach them.
    void requestSignOut();
    void requestWipe(bool forNewServer = false);

Q_SIGNALS:
    void backRequested();
    void settingsChanged(const outpost::ui::AppSettings &settings);
    void changePassphraseRequested(const QString &current, const QString &next);
    void syncNowRequested();
    void signOutRequested(); // the person confirmed
    void wipeRequested();    // the person typed the word

private:
    QWidget *serverSection();
    QWidget *syncSection();
    QWidget *securitySection();
    QWidget *accountSection();
    void onChoiceChanged();
    void onChangePassphrase();
    void updatePassphraseButton();
    // Changes and attachment bytes this device still has to send, in words ("" if none).
    QString unsentWork() const;

    LocalStore *m_store; // not owned
    AppSettings m_settings;
    QString m_serverUrl; // empty when not enrolled (offline demo)
    QString m_username;
    QScrollArea *m_scroll;
    QComboBox *m_syncInterval = nullptr;
    QCheckBox *m_uploadOnMetered = nullptr;
    QComboBox *m_lockAfter = nullptr;
    QLineEdit *m_currentPassphrase = nullptr;
    QLineEdit *m_newPassphrase = nullptr;
    QLineEdit *m_repeatPassphrase = nullptr;
    QPushButton *m_changePassphrase = nullptr;
    QLabel *m_passphraseResult = nullptr;
    bool m_passphraseBusy = false;
};

} // namespace outpost::ui
