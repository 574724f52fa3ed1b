// Orphan cleanup (M2; fix 12, improvement 17): preview the file records whose client is gone,
// then, after a verified backup, delete them in bounded batches, each its own short write
// transaction, so that other writers (the server) are never blocked for long. Each batch
// re-checks that the row is still an orphan. An audit entry records what was removed.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/records.h"
#include "auditlog.h"
#include "backupservice.h"

namespace backupdb {

struct OrphanPreview
{
    qint64 count = 0;
    QList<FileRecord> rows; // the first rows, for showing
};

struct OrphanCleanupResult
{
    qint64 found = 0;
    qint64 deleted = 0;
    int batches = 0;
    QString backupPath; // empty when there was nothing to delete
    bool cancelled
            = false; // stopped by the cancel flag (not an error): deleted says how far it got
};

class OrphanCleaner
{
public:
    OrphanCleaner(Database &database, BackupService &backups, AuditLog &audit)
        : m_db(database)
        , m_backups(backups)
        , m_audit(audit)
    { }

    Result<OrphanPreview> preview(int limit = 1000, const CancelFlag *cancel = nullptr);
    Result<OrphanCleanupResult> cleanup(const QString &backupFolder, int batchSize = 500,
                                        const ProgressCallback &progress = {},
                                        const CancelFlag *cancel = nullptr);

private:
    Database &m_db;
    BackupService &m_backups;
    AuditLog &m_audit;
};

} // namespace backupdb
