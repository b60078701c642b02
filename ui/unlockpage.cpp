#include "unlockpage.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace outpost::ui {

UnlockPage::UnlockPage(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_explanation(new QLabel(this)),
      m_passphrase(new QLineEdit(this)), m_confirm(new QLineEdit(this)), m_error(new QLabel(this)),
      m_submit(new QPushButton(this)), m_backoffTimer(new QTimer(this))
{
    m_title->setProperty("role", QStringLiteral("title"));
    m_explanation->setWordWrap(true);
    m_error->setProperty("role", QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->hide();
    for (QLineEdit *edit : {m_passphrase, m_confirm}) {
        edit->setEchoMode(QLineEdit::Password);
        edit->setMinimumWidth(320);
    }
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_confirm->setObjectName(QStringLiteral("confirm"));
    m_submit->setObjectName(QStringLiteral("submit"));
    m_error->setObjectName(QStringLiteral("error"));
    m_submit->setDefault(true);
    m_backoffTimer->setInterval(1000);

    auto *column = new QVBoxLayout;
    column->addWidget(m_title);
    column->addWidget(m_explanation);
    column->addSpacing(12);
    column->addWidget(m_passphrase);
    column->addWidget(m_confirm);
    column->addWidget(m_error);
    column->addWidget(m_submit);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto *centered = new QHBoxLayout;
    centered->addStretch(1);
    centered->addLayout(column, 2);
    centered->addStretch(1);
    outer->addLayout(centered);
    outer->addStretch(2);

    connect(m_submit, &QPushButton::clicked, this, &UnlockPage::onSubmit);
    connect(m_passphrase, &QLineEdit::returnPressed, this, &UnlockPage::onSubmit);
    connect(m_confirm, &QLineEdit::returnPressed, this, &UnlockPage::onSubmit);
    connect(m_passphrase, &QLineEdit::textChanged, this, &UnlockPage::updateButton);
    connect(m_confirm, &QLineEdit::textChanged, this, &UnlockPage::updateButton);
    connect(m_backoffTimer, &QTimer::timeout, this, &UnlockPage::onBackoffTick);
    setMode(Mode::Unlock);
}

void UnlockPage::setMode(Mode mode)
{
    m_mode = mode;
    const bool creating = mode == Mode::Create;
    m_title->setText(creating ? tr("Protect this device's data") : tr("Unlock Outpost"));
    m_explanation->setText(
        creating ? tr("Choose a passphrase of at least %1 characters. Everything stored on "
                      "this device is encrypted with it. It cannot be recovered: if it is "
                      "lost, the data on this device is lost (synced data stays on the server).")
                       .arg(kMinPassphraseLength)
                 : tr("Enter your passphrase. Your data stays encrypted until you do."));
    m_passphrase->setPlaceholderText(tr("Passphrase"));
    m_confirm->setPlaceholderText(tr("Repeat the passphrase"));
    m_confirm->setVisible(creating);
    clear();
}

void UnlockPage::clear()
{
    m_passphrase->clear();
    m_confirm->clear();
    m_error->hide();
    m_passphrase->setFocus();
    updateButton();
}

void UnlockPage::setBusy(bool busy)
{
    m_busy = busy;
    m_passphrase->setEnabled(!busy);
    m_confirm->setEnabled(!busy);
    updateButton();
}

void UnlockPage::showFailure(const QString &message)
{
    setBusy(false);
    m_error->setText(message);
    m_error->show();
    m_passphrase->selectAll();
    m_passphrase->setFocus();
}

void UnlockPage::setFailedAttempts(int failures, int waitSeconds)
{
    m_failedAttempts = failures;
    m_waitSeconds = qMax(0, waitSeconds);
    if (m_waitSeconds > 0)
        m_backoffTimer->start();
    else
        m_backoffTimer->stop();
    updateButton();
}

void UnlockPage::onBackoffTick()
{
    m_waitSeconds = qMax(0, m_waitSeconds - 1);
    if (m_waitSeconds == 0)
        m_backoffTimer->stop();
    updateButton();
}

void UnlockPage::updateButton()
{
    if (m_busy)
        m_submit->setText(m_mode == Mode::Create ? tr("Creating…") : tr("Unlocking…"));
    else if (m_waitSeconds > 0)
        m_submit->setText(tr("Try again in %n second(s)", nullptr, m_waitSeconds));
    else
        m_submit->setText(m_mode == Mode::Create ? tr("Create encrypted store") : tr("Unlock"));
    bool ready = !m_busy && m_waitSeconds == 0 && !m_passphrase->text().isEmpty();
    if (m_mode == Mode::Create)
        ready = ready && m_passphrase->text().size() >= kMinPassphraseLength &&
                m_confirm->text() == m_passphrase->text();
    m_submit->setEnabled(ready);
}

void UnlockPage::onSubmit()
{
    if (!m_submit->isEnabled())
        return;
    const QString passphrase = m_passphrase->text();
    // Do not keep the passphrase in the widgets longer than needed.
    m_passphrase->clear();
    m_confirm->clear();
    setBusy(true);
    Q_EMIT passphraseEntered(passphrase);
}

} // namespace outpost::ui
