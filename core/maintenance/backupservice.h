// Online backup, verification, retention and restore (M3, improvement 5).
//
// On an engine whose backups are dumps (PostgreSQL) the same calls make, check and restore a
// dump with the engine's own tools (backupdump.cpp): pg_dump of one snapshot while the server
// writes, verified by restoring it into a scratch database and comparing the rows of every
// table, restored in one transaction after a safety dump of the current state; the audit
// entries and maintenance runs recorded after the dump are carried into the restored database.
// What follows describes the file copy of SQLite.
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
#include <mutex>

namespace backupdb {

struct BackupInfo
{
    // Whose backup it is, against the open database's identity (bdba_identity): its own, another
    // database's, or unknown (the copy and its sidecar record no identity: made by an older
    // version, or not by BackupDB Admin).
    enum class Origin { ThisDatabase, OtherDatabase, Unknown };

    QString path;
    qint64 bytes = 0;
    QDateTime createdAt; // UTC
    bool verified = false;
    QDateTime verifiedAt;
    QString verifyMessage; // "ok" or what integrity_check found
    double seconds = 0;
    QString databaseId; // the identity of the database it is a copy of; empty: not recorded
    QString databasePath; // where that database was when the backup was made
    qint64 clients = -1, files = -1; // its counts (-1: not known)
    Origin origin = Origin::Unknown;

    bool isOfThisDatabase() const { return origin == Origin::ThisDatabase; }
};

struct RestoreOptions
{
    // A backup of another database (or of unknown origin) replaces this one only when asked for
    // in so many words: the CLI's --other-database, the GUI's second confirmation.
    bool allowOtherDatabase = false;
};

enum class BackupScope { ThisDatabase, All };

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
    // Backups in folder, newest first, each with its origin; ThisDatabase leaves out the others.
    Result<QList<BackupInfo>> list(const QString &folder,
                                   BackupScope scope = BackupScope::ThisDatabase) const;
    // This database's newest backup.
    std::optional<BackupInfo> newest(const QString &folder) const;
    // Removes what the policy does not keep of this database's backups (another database's are
    // never touched); returns the removed paths.
    Result<QStringList> applyRetention(const QString &folder, const RetentionPolicy &policy);
    // Replaces the database with file after verifying it; the current database is backed up to
    // safetyFolder first. The audit entries and maintenance history written after the backup
    // was made are carried into the restored database, the database keeps its identity, and the
    // restore is one more audit entry. Returns the safety backup.
    Result<BackupInfo> restore(const QString &file, const QString &safetyFolder,
                               const CancelFlag *cancel = nullptr,
                               const RestoreOptions &options = {});
    // Kind::Refused when backup (verified) is not of this database and options do not allow it.
    DbError otherDatabaseRefusal(const BackupInfo &backup, const RestoreOptions &options) const;
    // The open database's identity (empty when it has none: a damaged, unmigrated file).
    QString databaseId() const;

    static bool isBackupName(const QString &fileName);
    // Where backups go when the configuration names no folder: "backups" beside a database
    // file; for a database on a server, the user's data folder
    // (~/.local/share/backupdb-admin/backups/DBNAME).
    static QString defaultFolder(const QString &location);

private:
    void classify(BackupInfo &info) const;
    // The rest of a backup once its file is at tempPath: the rename into place (info.path),
    // its record, the audit entry and the retention.
    Result<BackupInfo> finishBackup(const QString &folder, const QString &tempPath,
                                    BackupInfo info, Nanoseconds t0, const BackupOptions &options,
                                    const ProgressCallback &progress, const CancelFlag *cancel);
    // An engine whose backups are dumps (EngineCapabilities::backupIsDump; backupdump.cpp).
    Result<BackupInfo> backupByDump(const QString &folder, const QString &tempPath,
                                    const QString &finalPath, const QDateTime &started,
                                    Nanoseconds t0, const BackupOptions &options,
                                    const ProgressCallback &progress, const CancelFlag *cancel);
    // After a restore: the data changed, the history carried in (audit entries, maintenance
    // runs; an error when it could not be), the audit entry of the restore. Returns safety.
    BackupInfo finishRestore(const QString &file, const BackupInfo &verified,
                             const BackupInfo &safety, const Result<QPair<qint64, qint64>> &carried);
    Result<BackupInfo> verifyDump(const QString &file, BackupInfo info, const CancelFlag *cancel);
    Result<BackupInfo> restoreByDump(const QString &file, const BackupInfo &verified,
                                     const QString &safetyFolder, const CancelFlag *cancel);

    Database &m_db;
    AuditLog &m_audit;
    mutable std::mutex m_idMutex;
    mutable QString m_databaseId; // guarded by m_idMutex; read once
};

} // namespace backupdb
