// Draws a table cell's text with one shaping of the string, for the tables that show a page of
// a million rows (the clients and files views). QStyledItemDelegate hands the text to the
// style, which lays it out with QTextLayout (line-break analysis included) once to elide it and
// again to draw it: most of every scroll step's paint went there. Here the style still draws
// the cell (background, selection, check box, icon; the focus frame after the text, as the
// style does) without its text, and the text is drawn on one line where the style would place
// it, elided as the style elides it. The result is the same pixels as QStyledItemDelegate's
// (tst_cells compares them: left and right alignment, elided, selected, check box, non-Latin).
// Thread-safety: GUI thread only.
#pragma once

#include <QStyledItemDelegate>

namespace backupdb::ui {

class CellTextDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace backupdb::ui
