#include "enrollpage.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSysInfo>
#include <QUrl>
#include <QVBoxLayout>

namespace outpost::ui {

EnrollPage::EnrollPage(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(tr("Connect this device"), this)),
      m_explanation(new QLabel(this)), m_server(new QLineEdit(this)),
      m_username(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_deviceName(new QLineEdit(QSysInfo::machineHostName(), this)), m_error(new QLabel(this)),
      m_submit(new QPushButton(tr("Sign in"), this)),
      m_offline(new QPushButton(tr("Work offline with the demo forms"), this))
{
    m_title->setProperty("role", QStringLiteral("title"));
    m_explanation->setWordWrap(true);
    m_server->setObjectName(QStringLiteral("server"));
    m_server->setPlaceholderText(QStringLiteral("https://outpost.example.org"));
    m_server->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);
    m_username->setObjectName(QStringLiteral("username"));
    m_username->setInputMethodHints(Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_deviceName->setObjectName(QStringLiteral("deviceName"));
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setProperty("role", QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_submit->setObjectName(QStringLiteral("submit"));
    m_submit->setDefault(true);
    m_offline->setObjectName(QStringLiteral("offline"));

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->addRow(tr("Server address"), m_server);
    form->addRow(tr("User name"), m_username);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("Device name"), m_deviceName);

    auto *column = new QVBoxLayout;
    column->addWidget(m_title);
    column->addWidget(m_explanation);
    column->addSpacing(12);
    column->addLayout(form);
    column->addWidget(m_error);
    column->addWidget(m_submit);
    column->addSpacing(24);
    column->addWidget(m_offline);
    auto *centered = new QHBoxLayout;
    centered->addStretch(1);
    centered->addLayout(column, 2);
    centered->addStretch(1);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(centered);
    outer->addStretch(2);

    for (QLineEdit *edit : {m_server, m_username, m_password, m_deviceName}) {
        edit->setMinimumWidth(320);
        connect(edit, &QLineEdit::textChanged, this, &EnrollPage::updateButton);
        connect(edit, &QLineEdit::returnPressed, this, &EnrollPage::onSubmit);
    }
    connect(m_submit, &QPushButton::clicked, this, &EnrollPage::onSubmit);
    connect(m_offline, &QPushButton::clicked, this, &EnrollPage::offlineRequested);
    setFirstRun();
}

void EnrollPage::setFirstRun()
{
    m_title->setText(tr("Connect this device"));
    m_explanation->setText(tr("Ask your supervisor for the server address and your account. "
                              "This is the only step that needs the network; after it, "
                              "everything works offline and syncs when it can."));
    for (QLineEdit *edit : {m_server, m_username, m_password}) {
        edit->clear();
        edit->setReadOnly(false);
    }
    m_deviceName->show();
    m_offline->show();
    clearError();
    updateButton();
}

void EnrollPage::setReenroll(const QString &serverUrl, const QString &username, const QString &why)
{
    m_title->setText(tr("Sign in again"));
    m_explanation->setText(why + QLatin1Char(' ') +
                           tr("Your work on this device is kept and will be sent once you "
                              "are signed in."));
    m_server->setText(serverUrl);
    m_server->setReadOnly(true);
    m_username->setText(username);
    m_username->setReadOnly(true);
    m_deviceName->hide();
    m_offline->hide();
    m_password->setFocus();
}

void EnrollPage::prefill(const QString &serverUrl, const QString &username)
{
    m_server->setText(serverUrl);
    m_username->setText(username);
    (username.isEmpty() ? m_username : m_password)->setFocus();
}

void EnrollPage::setBusy(bool busy)
{
    m_busy = busy;
    for (QLineEdit *edit : {m_server, m_username, m_password, m_deviceName})
        edit->setEnabled(!busy);
    m_offline->setEnabled(!busy);
    m_submit->setText(busy ? tr("Signing in…") : tr("Sign in"));
    updateButton();
}

void EnrollPage::showError(const QString &message)
{
    setBusy(false);
    m_error->setText(message);
    m_error->show();
    m_password->clear();
    m_password->setFocus();
}

void EnrollPage::clearError()
{
    m_error->hide();
}

void EnrollPage::updateButton()
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    m_submit->setEnabled(!m_busy && url.isValid() && !url.host().isEmpty() &&
                         !m_username->text().trimmed().isEmpty() && !m_password->text().isEmpty());
}

void EnrollPage::onSubmit()
{
    if (!m_submit->isEnabled())
        return;
    clearError();
    const QString url = QUrl::fromUserInput(m_server->text().trimmed()).toString();
    const QString password = m_password->text();
    m_password->clear(); // do not keep it in the widget
    setBusy(true);
    Q_EMIT enrollRequested(url, m_username->text().trimmed(), password,
                           m_deviceName->text().trimmed());
}

} // namespace outpost::ui
