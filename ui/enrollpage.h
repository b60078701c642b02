// First run: connect this device to the organisation's server (address, user name,
// password) — the only step of the app that needs the network — or work offline with the
// demo forms. Also shown when the server asks the person to sign in again.
// It only collects what is typed; MainWindow runs the sign-in. UI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace outpost::ui {

class EnrollPage : public QWidget
{
    Q_OBJECT

public:
    explicit EnrollPage(QWidget *parent = nullptr);

    // The first-run page: empty fields, working offline offered (also after a wipe).
    void setFirstRun();
    // Sign in again to a known server: the address and user are filled in and fixed, and
    // working offline is not offered (the device is already enrolled).
    void setReenroll(const QString &serverUrl, const QString &username, const QString &why);
    // Fills in what an administrator or a demo script already knows.
    void prefill(const QString &serverUrl, const QString &username);
    void setBusy(bool busy);
    void showError(const QString &message);
    void clearError();

Q_SIGNALS:
    void enrollRequested(const QString &serverUrl, const QString &username, const QString &password,
                         const QString &deviceName);
    void offlineRequested();

private:
    void onSubmit();
    void updateButton();

    QLabel *m_title;
    QLabel *m_explanation;
    QLineEdit *m_server;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_deviceName;
    QLabel *m_error;
    QPushButton *m_submit;
    QPushButton *m_offline;
    bool m_busy = false;
};

} // namespace outpost::ui
