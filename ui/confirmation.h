// Asks the person to confirm a destructive action in a modal dialog whose object name is
// `objectName` (tests find it with QApplication::activeModalWidget()). UI thread only.
#pragma once

#include <QString>

class QWidget;

namespace outpost::ui {

// True when the person chose `actionLabel`; Cancel is the default button (Enter / Escape
// never destroy anything by accident).
bool confirmAction(QWidget *parent, const QString &title, const QString &text,
                   const QString &actionLabel, const QString &objectName);

// For what cannot be undone at all: the action button (object name "confirm") is enabled
// only once the person typed `word` (case-sensitive) into the line edit named "typed".
// True when the person chose it.
bool confirmByTyping(QWidget *parent, const QString &title, const QString &text,
                     const QString &word, const QString &actionLabel, const QString &objectName);

} // namespace outpost::ui
