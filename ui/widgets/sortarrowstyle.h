// The sort arrow of a table header pointing up for an ascending sort (smallest first) and down
// for a descending one, on every table. Qt's header asks the style for the opposite
// (QHeaderView draws Qt::AscendingOrder as QStyleOptionHeader::SortDown) and Fusion on Linux
// draws what it is asked, so the Audit page (newest first) showed an up arrow and a client list
// sorted A to Z a down arrow; operators read the arrow the other way, as GTK and macOS draw it.
// Set on the window's table headers (MainWindow); the rest is the application's own style.
// Thread-safety: GUI thread only.
#pragma once

#include <QProxyStyle>

namespace backupdb::ui {

class SortArrowStyle final : public QProxyStyle
{
    Q_OBJECT

public:
    SortArrowStyle() = default; // over the application's style

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override;
};

} // namespace backupdb::ui
