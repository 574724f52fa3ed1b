// The clients table (G1): name, ID, last seen, file count, total size, and the keys masked.
// Lazy: the count is O(1) (or one COUNT with a name filter), pages load on demand (PageLoader).
// Thread-safety: GUI thread only.
#pragma once

#include "models/clientrow.h"
#include "models/loadertablemodel.h"

namespace backupdb::ui {

class ClientTableModel final : public LoaderTableModel<ClientRow>
{
    Q_OBJECT

public:
    enum Column { Name, Id, LastSeen, FileCount, TotalSize, PublicKey, AesKey, ColumnCount };

    explicit ClientTableModel(DatabaseWorker *worker, QObject *parent = nullptr,
                              int pageSize = PageLoader<ClientRow>::kDefaultPageSize);

    // The row of the client, if it is loaded.
    int rowOf(const QByteArray &clientId) const;

protected:
    int columns() const override { return ColumnCount; }
    QString columnTitle(int column) const override;
    QString columnSortKey(int column) const override;
    Qt::Alignment columnAlignment(int column) const override;
    PageSource<ClientRow> pageSource() const override;
    QVariant cellData(const ClientRow &row, int column, int role) const override;
};

} // namespace backupdb::ui
