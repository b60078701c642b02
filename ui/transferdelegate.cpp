#include "transferdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionProgressBar>

#include "theme.h"
#include "transferlistmodel.h"

namespace outpost::ui {

namespace {
constexpr int kPaddingPx = 10;
constexpr int kBarWidthPx = 220;
constexpr int kBarHeightPx = 20;
} // namespace

void TransferDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor problem = selected ? text : QColor(0xb0, 0x00, 0x20);
    const QRect area =
        option.rect.adjusted(kPaddingPx, kPaddingPx / 2, -kPaddingPx, -kPaddingPx / 2);
    const QRect textArea = area.adjusted(0, 0, -(kBarWidthPx + kPaddingPx), 0);
    const int line = option.fontMetrics.height();

    painter->save();
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(QRect(textArea.left(), textArea.top(), textArea.width(), line),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(index.data(Qt::DisplayRole).toString(),
                                                    Qt::ElideMiddle, textArea.width()));
    painter->setFont(option.font);
    const bool isProblem = index.data(TransferListModel::ProblemRole).toBool();
    painter->setPen(isProblem ? problem : text);
    painter->drawText(
        QRect(textArea.left(), textArea.top() + line, textArea.width(), line),
        Qt::AlignLeft | Qt::AlignVCenter,
        option.fontMetrics.elidedText(index.data(TransferListModel::StateTextRole).toString(),
                                      Qt::ElideRight, textArea.width()));
    painter->drawText(
        QRect(textArea.left(), textArea.top() + 2 * line, textArea.width(), line),
        Qt::AlignLeft | Qt::AlignVCenter,
        option.fontMetrics.elidedText(index.data(TransferListModel::DetailTextRole).toString(),
                                      Qt::ElideRight, textArea.width()));
    painter->restore();

    QStyleOptionProgressBar bar;
    bar.rect = QRect(area.right() - kBarWidthPx, area.center().y() - kBarHeightPx / 2, kBarWidthPx,
                     kBarHeightPx);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.palette = option.palette;
    bar.minimum = 0;
    bar.maximum = 1000;
    const int progress = index.data(TransferListModel::ProgressRole).toInt();
    if (progress < 0) {
        bar.maximum = 0; // unknown size: a busy bar
        bar.progress = 0;
    } else {
        bar.progress = progress;
    }
    bar.textVisible = progress >= 0;
    bar.text = QStringLiteral("%1%").arg(qMax(0, progress) / 10);
    bar.textAlignment = Qt::AlignCenter;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

QSize TransferDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {kBarWidthPx * 2,
            qMax(kTouchTargetPx + 24, 3 * option.fontMetrics.height() + kPaddingPx)};
}

} // namespace outpost::ui
