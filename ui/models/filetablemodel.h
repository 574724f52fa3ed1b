// The files table (G1): name, path, size, modified, verified (a check state), CRC; of one
// client or of all; filtered by verified and by name; sorted by a header (whitelisted
// columns). Lazy like the clients table: the count first, pages on demand (PageLoader).
// Thread-safety: GUI thread only.
#pragma once

#include "models/loadertablemodel.h"

#include <optional>

namespace backupdb::ui {

class FileTableModel final : public LoaderTableModel<FileRecord>
{
    Q_OBJECT

public:
    enum Column { Name, Path, Size, Modified, Verified, Crc, ColumnCount };

    explicit FileTableModel(DatabaseWorker *worker, QObject *parent = nullptr,
                            int pageSize = PageLoader<FileRecord>::kDefaultPageSize);

    // The client whose files are shown; nullopt: the files of all clients.
    std::optional<QByteArray> client() const { return m_client; }
    void setClient(const std::optional<QByteArray> &clientId);
    VerifiedFilter verifiedFilter() const { return m_verified; }
    void setVerifiedFilter(VerifiedFilter filter);

protected:
    void forgetSession() override { m_client.reset(); } // a client of the previous database
    int columns() const override { return ColumnCount; }
    QString columnTitle(int column) const override;
    QString columnSortKey(int column) const override;
    Qt::Alignment columnAlignment(int column) const override;
    bool needsRow(int role) const override;
    bool showsPlaceholder(int column) const override { return column != Verified; }
    PageSource<FileRecord> pageSource() const override;
    QVariant cellData(const FileRecord &file, int column, int role) const override;

private:
    std::optional<QByteArray> m_client;
    VerifiedFilter m_verified = VerifiedFilter::Any;
};

} // namespace backupdb::ui
