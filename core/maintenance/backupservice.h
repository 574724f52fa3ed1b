// Online backup, verification, retention and restore (M3, improvement 5).
//
// A backup copies the database with SQLite's backup API from a reader connection that holds one
// read transaction for the whole copy, so writers keep writing and the copy is one consistent
// snapshot. It is written to a hidden temporary file in the target folder, switched to a
// rollback journal (one self-contained file, no -wal/-shm beside it), fsynced, verified
// (integrity_check on the copy), given mode 0600 and renamed into place; a sidecar
// "<file>.json" records when it was made and whether it verified. A failed or cancelled backup
// leaves no file behind. Restore refuses a file that fails verification and backs up the
// current database first.
// Thread-safety: all members may be called from any thread (one backup at a time is sensible,
// not required).
#pragma once

#include "../data/database.h"
#include "auditlog.h"

#include <QDateTime>
#include <functional>

namespace backupdb {

struct BackupInfo
{
    QString path;
    qint64 bytes = 0;
    QDateTime createdAt; // UTC
    bool verified = false;
    QDateTime verifiedAt;
    QString verifyMessage; // "ok" or what integrity_check found
    double seconds = 0;
};

struct RetentionPolicy
{
    int keepLast = 0; // keep the newest N (0 = this rule keeps none)
    int keepDays = 0; // keep those younger than D days (0 = this rule keeps none)
    // A backup is removed only if no rule keeps it; with no rule set, all are kept. The newest
    // verified backup is never removed.
};

struct BackupOptions
{
    int pagesPerStep = 2048;
    bool verify = true;
    RetentionPolicy retention;
};

using ProgressCallback = std::function<void(double fraction)>;

class BackupService
{
public:
    BackupService(Database &database, AuditLog &audit)
        : m_db(database)
        , m_audit(audit)
    { }

    Result<BackupInfo> backup(const QString &folder, const BackupOptions &options = {},
                              const ProgressCallback &progress = {},
                              const CancelFlag *cancel = nullptr);
    // Checks a backup file (any SQLite file): integrity_check and the server's tables.
    Result<BackupInfo> verify(const QString &file, const CancelFlag *cancel = nullptr);
    // Backups in folder, newest first.
    Result<QList<BackupInfo>> list(const QString &folder) const;
    std::optional<BackupInfo> newest(const QString &folder) const;
    // Removes what the policy does not keep; returns the removed paths.
    Result<QStringList> applyRetention(const QString &folder, const RetentionPolicy &policy);
    // Replaces the database with file after verifying it; the current database is backed up to
    // safetyFolder first. Returns the safety backup.
    Result<BackupInfo> restore(const QString &file, const QString &safetyFolder,
                               const CancelFlag *cancel = nullptr);

    static bool isBackupName(const QString &fileName);

private:
    Database &m_db;
    AuditLog &m_audit;
};

} // namespace backupdb
