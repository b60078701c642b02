// Asks the person to confirm a destructive action in a modal message box whose object name
// is `objectName` (tests find it with QApplication::activeModalWidget()). UI thread only.
#pragma once

#include <QString>

class QWidget;

namespace outpost::ui {

// True when the person chose `actionLabel`; Cancel is the default button (Enter / Escape
// never destroy anything by accident).
bool confirmAction(QWidget *parent, const QString &title, const QString &text,
                   const QString &actionLabel, const QString &objectName);

} // namespace outpost::ui
