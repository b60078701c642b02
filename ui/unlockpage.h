// The first screen: choose a passphrase for a new local store, or unlock the existing one.
// It only collects the passphrase and shows the outcome; opening the store is the caller's
// job (StoreOpener), so this page never touches a key. UI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace outpost::ui {

class UnlockPage : public QWidget
{
    Q_OBJECT

public:
    enum class Mode
    {
        Create,
        Unlock
    };

    explicit UnlockPage(QWidget *parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // Shown while the key is derived (about half a second with the default cost).
    void setBusy(bool busy);
    // A failed unlock, in plain words.
    void showFailure(const QString &message);
    // Wrong passphrases so far (UnlockAttempts, kept across restarts) and the seconds the
    // next try must still wait; the button counts them down.
    void setFailedAttempts(int failures, int waitSeconds);
    void clear();
    int failedAttempts() const { return m_failedAttempts; }
    int waitSeconds() const { return m_waitSeconds; }

    static constexpr int kMinPassphraseLength = 8;

Q_SIGNALS:
    void passphraseEntered(const QString &passphrase);

private:
    void onSubmit();
    void onBackoffTick();
    void updateButton();

    Mode m_mode = Mode::Unlock;
    QLabel *m_title;
    QLabel *m_explanation;
    QLineEdit *m_passphrase;
    QLineEdit *m_confirm;
    QLabel *m_error;
    QPushButton *m_submit;
    QTimer *m_backoffTimer;
    int m_failedAttempts = 0;
    int m_waitSeconds = 0;
    bool m_busy = false;
};

} // namespace outpost::ui
