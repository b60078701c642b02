// Paints one attachment transfer in the uploads list: the file name, its state in plain words,
// "1.2 MB of 3.4 MB" and any error, and a progress bar; rows are touch-sized. UI thread only.
#pragma once

#include <QStyledItemDelegate>

namespace outpost::ui {

class TransferDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace outpost::ui
