// A table cell that shows formatted text ("1.2 MB", "3 h ago") but sorts by a raw value kept
// in kSortRole (bytes, seconds), so that sorting a column orders by what the text means.
// Thread-safety: GUI thread only.
#pragma once

#include <QTableWidgetItem>
#include <QTreeWidgetItem>

namespace backupdb::ui {

class SortableItem final : public QTableWidgetItem
{
public:
    static constexpr int kSortRole = Qt::UserRole + 100;

    explicit SortableItem(const QString &text, const QVariant &sortValue = {})
        : QTableWidgetItem(text)
    {
        setToolTip(text);
        if (sortValue.isValid())
            setData(kSortRole, sortValue);
    }

    bool operator<(const QTableWidgetItem &other) const override
    {
        const QVariant mine = data(kSortRole);
        const QVariant theirs = other.data(kSortRole);
        if (mine.isValid() && theirs.isValid())
            return QVariant::compare(mine, theirs) == QPartialOrdering::Less;
        return QTableWidgetItem::operator<(other);
    }
};

} // namespace backupdb::ui
