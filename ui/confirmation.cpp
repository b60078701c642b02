#include "confirmation.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace outpost::ui {

bool confirmAction(QWidget *parent, const QString &title, const QString &text,
                   const QString &actionLabel, const QString &objectName)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box.setObjectName(objectName);
    QPushButton *action = box.addButton(actionLabel, QMessageBox::DestructiveRole);
    action->setObjectName(QStringLiteral("confirm"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancel"));
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == action;
}

bool confirmByTyping(QWidget *parent, const QString &title, const QString &text,
                     const QString &word, const QString &actionLabel, const QString &objectName)
{
    QDialog dialog(parent);
    dialog.setObjectName(objectName);
    dialog.setWindowTitle(title);
    auto *explanation = new QLabel(text, &dialog);
    explanation->setWordWrap(true);
    explanation->setObjectName(QStringLiteral("text"));
    auto *prompt = new QLabel(QDialog::tr("Type %1 to confirm:").arg(word), &dialog);
    auto *typed = new QLineEdit(&dialog);
    typed->setObjectName(QStringLiteral("typed"));
    typed->setInputMethodHints(Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    prompt->setBuddy(typed);
    auto *buttons = new QDialogButtonBox(&dialog);
    QPushButton *action = buttons->addButton(actionLabel, QDialogButtonBox::DestructiveRole);
    action->setObjectName(QStringLiteral("confirm"));
    action->setEnabled(false);
    action->setAutoDefault(false);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancel"));
    cancel->setDefault(true);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(explanation);
    layout->addWidget(prompt);
    layout->addWidget(typed);
    layout->addWidget(buttons);
    dialog.setMinimumWidth(520);
    QObject::connect(typed, &QLineEdit::textChanged, action,
                     [action, word](const QString &now) { action->setEnabled(now == word); });
    QObject::connect(action, &QPushButton::clicked, &dialog, &QDialog::accept);
    QObject::connect(cancel, &QPushButton::clicked, &dialog, &QDialog::reject);
    typed->setFocus();
    return dialog.exec() == QDialog::Accepted && typed->text() == word;
}

} // namespace outpost::ui
