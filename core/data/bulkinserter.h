// Bulk insert of clients and files (C8; fixes 11, 19): one transaction, one prepared statement,
// and counts that are exact: inserted + skipped = attempted, where skipped are duplicates (same
// ID, or same client Name) inside the batch or already stored. Every row is validated before
// anything is written; an invalid row or a file of an unknown client fails the whole batch and
// changes nothing.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "database.h"
#include "records.h"

namespace backupdb {

class BulkInserter
{
public:
    explicit BulkInserter(Database &database)
        : m_db(database)
    { }

    Result<BulkResult> insertClients(const QList<ClientRecord> &clients,
                                     const CancelFlag *cancel = nullptr);
    Result<BulkResult> insertFiles(const QList<FileRecord> &files,
                                   const CancelFlag *cancel = nullptr);

private:
    Database &m_db;
};

} // namespace backupdb
