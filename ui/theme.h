// The look for field work: large touch targets, high contrast (readable in sunlight),
// sizes in device-independent pixels so high-DPI screens scale them.
#pragma once

class QApplication;
class QAbstractScrollArea;
class QWidget;

namespace outpost::ui {

// Minimum height of anything a finger must hit, in device-independent pixels.
inline constexpr int kTouchTargetPx = 48;

void applyFieldTheme(QApplication &app);

// Shows a label in the error style (role "error": bold, dark red) or back in the plain one.
void setProblemStyle(QWidget *label, bool problem);

// Kinetic (flick) scrolling for touch screens. Mouse dragging stays selection, as on a desktop.
void enableKineticScrolling(QAbstractScrollArea *area);

} // namespace outpost::ui
