#include "settingspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

#include "confirmation.h"
#include "credentials.h"
#include "localstore.h"
#include "theme.h"
#include "unlockpage.h"

namespace outpost::ui {

namespace {

QString minutesText(int minutes)
{
    if (minutes % 60 == 0)
        return SettingsPage::tr("%n hour(s)", nullptr, minutes / 60);
    return SettingsPage::tr("%n minute(s)", nullptr, minutes);
}

void fillMinutes(QComboBox *box, const QList<int> &choices, int current, const QString &zeroText,
                 const QString &format)
{
    if (!choices.contains(current)) { // a value saved by another version: keep it offered
        box->addItem(current == 0 ? zeroText : format.arg(minutesText(current)), current);
    }
    for (int minutes : choices)
        box->addItem(minutes == 0 ? zeroText : format.arg(minutesText(minutes)), minutes);
    box->setCurrentIndex(box->findData(current));
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QLineEdit *passphraseEdit(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setEchoMode(QLineEdit::Password);
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

QString SettingsPage::wipeWord()
{
    return tr("WIPE");
}

SettingsPage::SettingsPage(LocalStore *store, const AppSettings &settings, QWidget *parent)
    : QWidget(parent), m_store(store), m_settings(settings), m_scroll(new QScrollArea(this))
{
    if (auto credentials = Credentials::load(*m_store); credentials && credentials->isEnrolled()) {
        m_serverUrl = credentials->serverUrl.toString();
        m_username = credentials->username;
    } else if (credentials && !credentials->deviceId.isNull()) { // signed out by the server
        m_serverUrl = credentials->serverUrl.toString();
        m_username = credentials->username;
    }

    auto *back = new QPushButton(tr("← Back"), this);
    back->setObjectName(QStringLiteral("back"));
    back->setShortcut(QKeySequence::Back);
    back->setToolTip(tr("Back to the forms (Alt+Left, Esc)"));
    auto *title = new QLabel(tr("Settings"), this);
    title->setProperty("role", QStringLiteral("title"));
    auto *header = new QHBoxLayout;
    header->addWidget(back);
    header->addWidget(title, 1);

    // Two columns at 1280 px: where and how it syncs | who may open it and what to do
    // with the device. Narrower windows scroll.
    auto *content = new QWidget(m_scroll);
    auto *columns = new QHBoxLayout(content);
    auto *left = new QVBoxLayout;
    left->addWidget(serverSection());
    left->addWidget(syncSection());
    left->addWidget(accountSection());
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(securitySection());
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    m_scroll->setObjectName(QStringLiteral("settingsScroll"));
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    enableKineticScrolling(m_scroll);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_scroll, 1);
    connect(back, &QPushButton::clicked, this, &SettingsPage::backRequested);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, back, &QPushButton::click);
}

QWidget *SettingsPage::serverSection()
{
    auto *box = new QGroupBox(tr("Server"), this);
    auto *layout = new QVBoxLayout(box);
    auto *server = new QLabel(box);
    server->setObjectName(QStringLiteral("serverAddress"));
    server->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    server->setWordWrap(true);
    if (m_serverUrl.isEmpty()) {
        server->setText(tr("Not connected to a server: this device works offline with the "
                           "demo forms."));
    } else {
        server->setText(tr("<b>%1</b> — signed in as <b>%2</b>")
                            .arg(m_serverUrl.toHtmlEscaped(), m_username.toHtmlEscaped()));
    }
    layout->addWidget(server);
    layout->addWidget(note(tr("To use another server, this device must be enrolled again: its "
                              "data is wiped first (changes not yet sent are lost, so sync "
                              "first), then you sign in to the new server."),
                           box));
    auto *change = new QPushButton(tr("Change server…"), box);
    change->setObjectName(QStringLiteral("changeServer"));
    connect(change, &QPushButton::clicked, this, [this] { requestWipe(true); });
    layout->addWidget(change, 0, Qt::AlignLeft);
    return box;
}

QWidget *SettingsPage::syncSection()
{
    auto *box = new QGroupBox(tr("Sync"), this);
    auto *form = new QFormLayout(box);
    m_syncInterval = new QComboBox(box);
    m_syncInterval->setObjectName(QStringLiteral("syncInterval"));
    fillMinutes(m_syncInterval, AppSettings::syncIntervalChoices(), m_settings.syncIntervalMinutes,
                tr("Only after changes and “Sync now”"), tr("Every %1"));
    form->addRow(tr("Sync &automatically"), m_syncInterval);
    m_uploadOnMetered = new QCheckBox(tr("Upload photos and files on &metered networks (mobile "
                                         "data, hotspots)"),
                                      box);
    m_uploadOnMetered->setObjectName(QStringLiteral("uploadOnMetered"));
    m_uploadOnMetered->setChecked(m_settings.uploadOnMetered);
    form->addRow(m_uploadOnMetered);
    form->addRow(note(tr("Records always sync. Without this, photos and files wait for a "
                         "network that is not metered."),
                      box));
    connect(m_syncInterval, &QComboBox::activated, this, &SettingsPage::onChoiceChanged);
    connect(m_uploadOnMetered, &QCheckBox::toggled, this, &SettingsPage::onChoiceChanged);
    return box;
}

QWidget *SettingsPage::securitySection()
{
    auto *box = new QGroupBox(tr("Security"), this);
    auto *form = new QFormLayout(box);
    m_lockAfter = new QComboBox(box);
    m_lockAfter->setObjectName(QStringLiteral("lockAfter"));
    fillMinutes(m_lockAfter, AppSettings::lockAfterChoices(), m_settings.lockAfterMinutes,
                tr("Never (not recommended)"), tr("After %1 without use"));
    form->addRow(tr("&Lock"), m_lockAfter);
    connect(m_lockAfter, &QComboBox::activated, this, &SettingsPage::onChoiceChanged);

    m_currentPassphrase =
        passphraseEdit(QStringLiteral("currentPassphrase"), tr("Current passphrase"), box);
    m_newPassphrase = passphraseEdit(
        QStringLiteral("newPassphrase"),
        tr("New passphrase (at least %1 characters)").arg(UnlockPage::kMinPassphraseLength), box);
    m_repeatPassphrase =
        passphraseEdit(QStringLiteral("repeatPassphrase"), tr("Repeat the new passphrase"), box);
    m_changePassphrase = new QPushButton(tr("Change passphrase"), box);
    m_changePassphrase->setObjectName(QStringLiteral("changePassphrase"));
    m_passphraseResult = new QLabel(box);
    m_passphraseResult->setObjectName(QStringLiteral("passphraseResult"));
    m_passphraseResult->setWordWrap(true);
    m_passphraseResult->hide();
    form->addRow(tr("&Passphrase"), m_currentPassphrase);
    form->addRow(QString(), m_newPassphrase);
    form->addRow(QString(), m_repeatPassphrase);
    form->addRow(QString(), m_changePassphrase);
    form->addRow(QString(), m_passphraseResult);
    for (QLineEdit *edit : {m_currentPassphrase, m_newPassphrase, m_repeatPassphrase}) {
        connect(edit, &QLineEdit::textChanged, this, &SettingsPage::updatePassphraseButton);
        connect(edit, &QLineEdit::returnPressed, this, &SettingsPage::onChangePassphrase);
    }
    connect(m_changePassphrase, &QPushButton::clicked, this, &SettingsPage::onChangePassphrase);
    updatePassphraseButton();
    return box;
}

QWidget *SettingsPage::accountSection()
{
    auto *box = new QGroupBox(tr("This device"), this);
    auto *layout = new QVBoxLayout(box);
    auto *signOut = new QPushButton(tr("Sign out…"), box);
    signOut->setObjectName(QStringLiteral("signOut"));
    signOut->setEnabled(!m_serverUrl.isEmpty());
    layout->addWidget(note(tr("Signing out forgets this device's sign-in and locks the app. "
                              "Your records stay encrypted here; only %1 can sign in again "
                              "to send them.")
                               .arg(m_username.isEmpty() ? tr("the same person") : m_username),
                           box));
    layout->addWidget(signOut, 0, Qt::AlignLeft);
    auto *wipe = new QPushButton(tr("Wipe this device's data…"), box);
    wipe->setObjectName(QStringLiteral("wipe"));
    layout->addWidget(note(tr("Wiping deletes every record, photo, file and setting of this "
                              "account from this device, for good. Use it before handing the "
                              "device to someone else."),
                           box));
    layout->addWidget(wipe, 0, Qt::AlignLeft);
    connect(signOut, &QPushButton::clicked, this, &SettingsPage::requestSignOut);
    connect(wipe, &QPushButton::clicked, this, [this] { requestWipe(false); });
    return box;
}

void SettingsPage::onChoiceChanged()
{
    AppSettings next = m_settings;
    next.syncIntervalMinutes = m_syncInterval->currentData().toInt();
    next.uploadOnMetered = m_uploadOnMetered->isChecked();
    next.lockAfterMinutes = m_lockAfter->currentData().toInt();
    if (next == m_settings)
        return;
    m_settings = next;
    Q_EMIT settingsChanged(m_settings);
}

void SettingsPage::updatePassphraseButton()
{
    const QString next = m_newPassphrase->text();
    m_changePassphrase->setEnabled(!m_passphraseBusy && !m_currentPassphrase->text().isEmpty() &&
                                   next.size() >= UnlockPage::kMinPassphraseLength &&
                                   m_repeatPassphrase->text() == next);
    m_changePassphrase->setText(m_passphraseBusy ? tr("Changing the passphrase…")
                                                 : tr("Change passphrase"));
}

void SettingsPage::onChangePassphrase()
{
    if (!m_changePassphrase->isEnabled())
        return;
    const QString current = m_currentPassphrase->text();
    const QString next = m_newPassphrase->text();
    for (QLineEdit *edit : {m_currentPassphrase, m_newPassphrase, m_repeatPassphrase})
        edit->clear(); // not kept in the widgets
    m_passphraseResult->hide();
    Q_EMIT changePassphraseRequested(current, next);
}

void SettingsPage::setPassphraseBusy(bool busy)
{
    m_passphraseBusy = busy;
    for (QLineEdit *edit : {m_currentPassphrase, m_newPassphrase, m_repeatPassphrase})
        edit->setEnabled(!busy);
    updatePassphraseButton();
}

void SettingsPage::showPassphraseResult(bool ok, const QString &message)
{
    setPassphraseBusy(false);
    setProblemStyle(m_passphraseResult, !ok);
    m_passphraseResult->setText(message);
    m_passphraseResult->show();
    m_currentPassphrase->setFocus();
}

QString SettingsPage::unsentWork() const
{
    QStringList parts;
    if (const int ops = m_store->pendingOperationCount().valueOr(0); ops > 0)
        parts << tr("%n change(s)", nullptr, ops);
    if (auto uploads = m_store->attachmentsToUpload(); uploads && !uploads->isEmpty()) {
        qint64 bytes = 0;
        for (const AttachmentInfo &info : *uploads)
            bytes += qMax<qint64>(0, info.ref.sizeBytes - info.uploadedBytes);
        parts << tr("%n file(s) (%1)", nullptr, static_cast<int>(uploads->size()))
                     .arg(QLocale().formattedDataSize(bytes));
    }
    return parts.join(tr(" and "));
}

void SettingsPage::requestSignOut()
{
    const QString unsent = unsentWork();
    if (unsent.isEmpty()) {
        if (confirmAction(this, tr("Sign out"),
                          tr("Everything on this device has reached the server. Sign out and "
                             "lock the app? To use it again, %1 signs in with the password "
                             "and unlocks with the passphrase.")
                              .arg(m_username),
                          tr("Sign out"), QStringLiteral("confirmSignOut")))
            Q_EMIT signOutRequested();
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Sign out"),
                    tr("Not on the server yet: %1.").arg(unsent), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("confirmSignOutPending"));
    box.setInformativeText(
        tr("If you sign out now they stay encrypted on this device and are sent only when %1 "
           "signs in here again. If this device is wiped, lost or broken before that, they "
           "are lost. Sync first, with a network, to be safe.")
            .arg(m_username));
    QPushButton *syncFirst = box.addButton(tr("Sync now"), QMessageBox::AcceptRole);
    syncFirst->setObjectName(QStringLiteral("syncFirst"));
    QPushButton *anyway = box.addButton(tr("Sign out anyway"), QMessageBox::DestructiveRole);
    anyway->setObjectName(QStringLiteral("confirm"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancel"));
    box.setDefaultButton(syncFirst);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == syncFirst)
        Q_EMIT syncNowRequested();
    else if (box.clickedButton() == anyway)
        Q_EMIT signOutRequested();
}

void SettingsPage::requestWipe(bool forNewServer)
{
    const QString unsent = unsentWork();
    QString text = forNewServer ? tr("Changing the server means enrolling this device again. "
                                     "Its data is wiped first, then you sign in to the new "
                                     "server.")
                                : tr("This deletes every record, photo, file and setting of "
                                     "this account from this device. It cannot be undone.");
    if (!unsent.isEmpty())
        text += QStringLiteral("\n\n") +
                tr("Not on the server yet, and LOST if you wipe now: %1. Sync first if you can.")
                    .arg(unsent);
    if (confirmByTyping(this, forNewServer ? tr("Change server") : tr("Wipe this device's data"),
                        text, wipeWord(), tr("Wipe this device"), QStringLiteral("confirmWipe")))
        Q_EMIT wipeRequested();
}

} // namespace outpost::ui
