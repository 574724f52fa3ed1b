#include "celltextdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <cmath>

namespace backupdb::ui {

void CellTextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    const QWidget *widget = cell.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = cell.text;
    if (text.isEmpty()) {
        style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
        return;
    }
    // The focus frame goes over the text (Fusion fills it, translucent), as the style draws it.
    const bool focus = cell.state & QStyle::State_HasFocus;
    cell.state &= ~QStyle::State_HasFocus;
    cell.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    // Where the style would put the text: the cell less its check box and icon, and the
    // margin the style keeps on each side.
    cell.text = QStringLiteral(" "); // a text rectangle exists only for an item with text
    QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &cell, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    area.adjust(margin, 0, -margin, 0);
    if (area.width() <= 0)
        return;

    const QPalette::ColorGroup group = !(cell.state & QStyle::State_Enabled) ? QPalette::Disabled
            : (cell.state & QStyle::State_Active)                            ? QPalette::Normal
                                                                             : QPalette::Inactive;
    const QPalette::ColorRole role = (cell.state & QStyle::State_Selected)
            ? QPalette::HighlightedText
            : QPalette::Text;

    // Placed as QCommonStyle places its one-line layout: the line's height (ascent and descent,
    // rounded up to whole pixels) aligned in the area, the text's advance aligned in its width;
    // elided, as there, when its advance is wider than the area.
    const QFontMetricsF metrics(cell.font);
    QString shown = text;
    qreal advance = metrics.horizontalAdvance(text);
    if (advance > area.width()) {
        shown = QFontMetrics(cell.font).elidedText(text, cell.textElideMode, area.width());
        advance = metrics.horizontalAdvance(shown);
    }
    const Qt::Alignment alignment = QStyle::visualAlignment(cell.direction, cell.displayAlignment);
    const QRect line = QStyle::alignedRect(cell.direction, alignment & Qt::AlignVertical_Mask,
                                           QSize(area.width(), int(std::ceil(metrics.ascent() + metrics.descent()))),
                                           area);
    qreal x = area.left();
    if (alignment & Qt::AlignRight)
        x += area.width() - advance;
    else if (alignment & Qt::AlignHCenter)
        x += (area.width() - advance) / 2;
    painter->save();
    painter->setFont(cell.font);
    painter->setPen(cell.palette.color(group, role));
    painter->drawText(QPointF(x, line.top() + metrics.ascent()), shown);
    painter->restore();
    if (focus) {
        QStyleOptionFocusRect frame;
        frame.QStyleOption::operator=(cell);
        frame.rect = style->subElementRect(QStyle::SE_ItemViewItemFocusRect, &cell, widget);
        frame.state |= QStyle::State_HasFocus | QStyle::State_KeyboardFocusChange
                | QStyle::State_Item;
        const QPalette::ColorGroup frameGroup
                = (cell.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
        frame.backgroundColor = cell.palette.color(
                frameGroup,
                (cell.state & QStyle::State_Selected) ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &frame, painter, widget);
    }
}

} // namespace backupdb::ui
