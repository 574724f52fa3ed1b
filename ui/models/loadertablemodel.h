// A PagedTableModel whose rows of type Row come from a PageLoader<Row>: the loader, its state
// and statistics, the refresh over the subclass's PageSource, and the placeholder while a row
// loads. A subclass says what to read (pageSource()) and how a loaded row shows (cellData()).
// Thread-safety: GUI thread only.
#pragma once

#include "data/keyset.h"
#include "models/pagedtablemodel.h"

namespace backupdb::ui {

// The page function of a PageSource over a keyset query: readPage(session, query) with the
// query starting after `after`, limited, and reversed when reading backwards.
template<typename Query, typename ReadPage> auto keysetPages(Query query, ReadPage readPage)
{
    return [query, readPage](Session &s, const KeysetPosition &after, PageDirection direction,
                             int limit) {
        Query q = query;
        q.after = after;
        q.limit = limit;
        if (direction == PageDirection::Backward)
            q.order = keyset::reversed(q.order);
        return readPage(s, q);
    };
}

template<typename Row> class LoaderTableModel : public PagedTableModel
{
public:
    // Reads the count and the pages again from pageSource(), or shows no rows without a database.
    void refresh() final
    {
        if (!worker()->isOpen()) {
            m_loader.clear();
            return;
        }
        m_loader.reset(pageSource());
    }
    void update() final
    {
        if (!worker()->isOpen()) {
            m_loader.clear();
            return;
        }
        m_loader.update(pageSource());
    }
    bool isLoading() const final { return m_loader.isLoading(); }
    PageLoaderStats loaderStats() const final { return m_loader.stats(); }

protected:
    // The subclass calls refresh() once it is constructed (pageSource() is its own).
    LoaderTableModel(DatabaseWorker *worker, QObject *parent, int pageSize)
        : PagedTableModel(worker, parent)
        , m_loader(worker, this, loaderHooks(), pageSize)
    { }

    // What to read, with the current filters and sort.
    virtual PageSource<Row> pageSource() const = 0;
    // data() of a loaded row.
    virtual QVariant cellData(const Row &row, int column, int role) const = 0;

    int loadedRowCount() const final { return m_loader.rowCount(); }
    bool isRowLoaded(int row) const final { return m_loader.cachedRow(row) != nullptr; }
    QVariant rowData(const QModelIndex &index, int role) const final
    {
        if (const Row *row = m_loader.row(index.row()))
            return cellData(*row, index.column(), role);
        return role == Qt::DisplayRole && showsPlaceholder(index.column()) ? QVariant(placeholder())
                                                                           : QVariant();
    }
    // The first loaded row for which matches(row) holds, or -1; asks for nothing.
    template<typename Predicate> int findLoadedRow(Predicate matches) const
    {
        return m_loader.findLoadedRow(matches);
    }

private:
    // mutable: data() asks for missing pages, which changes the cache's bookkeeping only.
    mutable PageLoader<Row> m_loader;
};

} // namespace backupdb::ui
