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
    // A failed unlock. Repeated failures make the person wait longer before the next try.
    void showFailure(const QString &message, bool wrongPassphrase);
    void clear();
    int failedAttempts() const { return m_failedAttempts; }
    // Seconds the next try must wait after `failures` wrong passphrases in a row.
    static int backoffSeconds(int failures);

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
