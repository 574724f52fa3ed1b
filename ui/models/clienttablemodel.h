// The clients table (G1): name, ID, last seen, file count, total size, and the keys masked.
// Lazy: the count is O(1) (or one COUNT with a name filter), pages load on demand (PageLoader).
// Thread-safety: GUI thread only.
#pragma once

#include "models/clientrow.h"
#include "models/pagedtablemodel.h"

namespace backupdb::ui {

class ClientTableModel final : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Id, LastSeen, FileCount, TotalSize, PublicKey, AesKey, ColumnCount };

    explicit ClientTableModel(DatabaseWorker *worker, QObject *parent = nullptr,
                              int pageSize = PageLoader<ClientRow>::kDefaultPageSize);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    QString nameFilter() const { return m_nameFilter; }
    void setNameFilter(const QString &text);
    void refresh() override;
    bool isLoading() const override { return m_loader.isLoading(); }
    PageLoaderStats loaderStats() const override { return m_loader.stats(); }
    // The row of the client, if it is loaded.
    int rowOf(const QByteArray &clientId) const;

protected:
    int loadedRowCount() const override { return m_loader.rowCount(); }
    int columns() const override { return ColumnCount; }
    QString columnTitle(int column) const override;
    QString columnSortKey(int column) const override;
    Qt::Alignment columnAlignment(int column) const override;

private:
    DatabaseWorker *m_worker;
    QString m_nameFilter;
    // mutable: data() asks for missing pages, which changes the cache's bookkeeping only.
    mutable PageLoader<ClientRow> m_loader;
};

} // namespace backupdb::ui
