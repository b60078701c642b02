#include "theme.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QPalette>
#include <QScroller>
#include <QStyle>
#include <QStyleFactory>

namespace outpost::ui {

void applyFieldTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    // Near-black on white with a saturated accent: the highest contrast a screen in
    // direct sunlight can show.
    QPalette palette;
    const QColor text(0x10, 0x10, 0x10);
    const QColor accent(0x00, 0x4f, 0xa3);
    palette.setColor(QPalette::Window, QColor(0xf4, 0xf4, 0xf4));
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xea, 0xee, 0xf3));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::Highlight, accent);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::PlaceholderText, QColor(0x55, 0x55, 0x55));
    palette.setColor(QPalette::Link, accent);
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x70, 0x70));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x70, 0x70));
    app.setPalette(palette);

    QFont font = app.font();
    font.setPointSizeF(qMax(font.pointSizeF(), 12.0));
    app.setFont(font);

    app.setStyleSheet(
        QStringLiteral("QPushButton, QToolButton, QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox,"
                       " QDateEdit, QDateTimeEdit { min-height: %1px; padding: 0 12px; }"
                       // No bold here: the button's size hint is computed with the plain font, and
                       // a bold label would be clipped.
                       "QPushButton:default { background: #004fa3; color: white; }"
                       "QPushButton:default:disabled { background: #b7c3d0; color: #f4f4f4; }"
                       "QListView::item, QTableView::item { min-height: %1px; padding: 4px 8px; }"
                       "QLabel[role=\"error\"] { color: #b00020; font-weight: bold; }"
                       "QLabel[role=\"title\"] { font-size: 18pt; font-weight: bold; }")
            .arg(kTouchTargetPx));
}

void setProblemStyle(QWidget *label, bool problem)
{
    label->setProperty("role", problem ? QStringLiteral("error") : QString());
    label->style()->unpolish(label); // the style sheet's [role="error"] rule applies again
    label->style()->polish(label);
}

void enableKineticScrolling(QAbstractScrollArea *area)
{
    QScroller::grabGesture(area->viewport(), QScroller::TouchGesture);
}

} // namespace outpost::ui
