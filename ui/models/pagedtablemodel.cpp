#include "pagedtablemodel.h"

namespace backupdb::ui {

PagedTableModel::PagedTableModel(DatabaseWorker *worker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_worker(worker)
{
    connect(m_worker, &DatabaseWorker::sessionChanged, this, [this] {
        forgetSession();
        refresh();
    });
}

int PagedTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : loadedRowCount();
}

int PagedTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : columns();
}

QVariant PagedTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columns())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole:
        return columnTitle(section);
    case Qt::TextAlignmentRole:
        return int(columnAlignment(section) | Qt::AlignVCenter);
    case SortKeyRole:
        return columnSortKey(section);
    case Qt::InitialSortOrderRole: // the first click on a header sorts ascending
        return int(Qt::AscendingOrder);
    case Qt::ToolTipRole:
        return isSortable(section) ? tr("Click to sort by %1").arg(columnTitle(section))
                                   : tr("%1 (not sortable)").arg(columnTitle(section));
    default:
        return {};
    }
}

QVariant PagedTableModel::data(const QModelIndex &index, int role) const
{
    if (!isValidRow(index))
        return {};
    if (role == LoadedRole)
        return isRowLoaded(index.row());
    if (role == Qt::TextAlignmentRole)
        return int(columnAlignment(index.column()) | Qt::AlignVCenter);
    if (!needsRow(role))
        return {}; // other roles never load pages (QAbstractItemModel::match() asks them all)
    return rowData(index, role);
}

bool PagedTableModel::needsRow(int role) const
{
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case IdRole:
    case NameRole:
        return true;
    default:
        return false;
    }
}

bool PagedTableModel::showsPlaceholder(int) const
{
    return true;
}

void PagedTableModel::setNameFilter(const QString &text)
{
    setFilter(m_nameFilter, text);
}

void PagedTableModel::retranslate()
{
    if (columns() > 0)
        emit headerDataChanged(Qt::Horizontal, 0, columns() - 1);
}

Qt::ItemFlags PagedTableModel::flags(const QModelIndex &index) const
{
    if (!isValidRow(index))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void PagedTableModel::sort(int column, Qt::SortOrder order)
{
    if (column >= 0 && !isSortable(column))
        return;
    if (column < 0)
        order = Qt::AscendingOrder; // no sort column: the table's own order, as stored
    if (column == m_sortSection && order == m_sortOrder)
        return;
    m_sortSection = column;
    m_sortOrder = order;
    refresh();
}

Qt::Alignment PagedTableModel::columnAlignment(int) const
{
    return Qt::AlignLeft;
}

PageLoaderHooks PagedTableModel::loaderHooks()
{
    PageLoaderHooks hooks;
    hooks.aboutToReset = [this] {
        beginResetModel();
    };
    hooks.resetDone = [this] {
        endResetModel();
        emit rowCountKnown(loadedRowCount());
    };
    hooks.aboutToResize = [this](int oldRows, int newRows) {
        m_resizeGrows = newRows > oldRows;
        if (m_resizeGrows)
            beginInsertRows(QModelIndex(), oldRows, newRows - 1);
        else
            beginRemoveRows(QModelIndex(), newRows, oldRows - 1);
    };
    hooks.resized = [this] {
        if (m_resizeGrows)
            endInsertRows();
        else
            endRemoveRows();
        emit rowCountKnown(loadedRowCount());
    };
    hooks.rowsLoaded = [this](int first, int last) {
        emit dataChanged(index(first, 0), index(last, columns() - 1));
    };
    hooks.failed = [this](const DbError &error) {
        emit loadFailed(error.message());
    };
    return hooks;
}

bool PagedTableModel::isValidRow(const QModelIndex &index) const
{
    return index.isValid() && !index.parent().isValid() && index.model() == this
            && index.row() < loadedRowCount() && index.column() < columns();
}

} // namespace backupdb::ui
