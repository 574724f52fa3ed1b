// The files table (G1): name, path, size, modified, verified (a check state), CRC; of one
// client or of all; filtered by verified and by name; sorted by a header (whitelisted
// columns). Lazy like the clients table: the count first, pages on demand (PageLoader).
// Thread-safety: GUI thread only.
#pragma once

#include "models/pagedtablemodel.h"

#include <optional>

namespace backupdb::ui {

class FileTableModel final : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Path, Size, Modified, Verified, Crc, ColumnCount };

    explicit FileTableModel(DatabaseWorker *worker, QObject *parent = nullptr,
                            int pageSize = PageLoader<FileRecord>::kDefaultPageSize);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The client whose files are shown; nullopt: the files of all clients.
    std::optional<QByteArray> client() const { return m_client; }
    void setClient(const std::optional<QByteArray> &clientId);
    VerifiedFilter verifiedFilter() const { return m_verified; }
    void setVerifiedFilter(VerifiedFilter filter);
    QString nameFilter() const { return m_nameFilter; }
    void setNameFilter(const QString &text);

    void refresh() override;
    bool isLoading() const override { return m_loader.isLoading(); }
    PageLoaderStats loaderStats() const override { return m_loader.stats(); }

protected:
    int loadedRowCount() const override { return m_loader.rowCount(); }
    int columns() const override { return ColumnCount; }
    QString columnTitle(int column) const override;
    QString columnSortKey(int column) const override;
    Qt::Alignment columnAlignment(int column) const override;

private:
    DatabaseWorker *m_worker;
    std::optional<QByteArray> m_client;
    VerifiedFilter m_verified = VerifiedFilter::Any;
    QString m_nameFilter;
    mutable PageLoader<FileRecord> m_loader;
};

} // namespace backupdb::ui
