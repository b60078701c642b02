#include "confirmation.h"

#include <QMessageBox>
#include <QPushButton>

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

} // namespace outpost::ui
